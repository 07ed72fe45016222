"""Execute the course notebooks with papermill and print a summary table.

    python -m helpers.run                      # every notebook, in place, default parameters
    python -m helpers.run 04 05_loyalty        # a selection (a number prefix or a name)
    python -m helpers.run 04 -p seed 7 --quick # other parameters: build/runs/<notebook and parameters>/

Every run is atomic: papermill writes the executed notebook, and the kernel its figures and results, into a
staging folder; they replace the recorded ones together only when the notebook succeeded. A failed,
Ctrl-C'd or SIGTERM'd run leaves the record exactly as it was and says where its partial output is.
Default runs update the committed notebooks, ``figures/`` and ``results/``; runs with ``--quick`` or ``-p``
go to their own folder under ``build/runs/``, so the committed record stays what the defaults give.

Parameters are checked before anything runs: an unknown name lists the valid ones, a value must have the
type of the literal in the notebook's parameters cell, and an explicit ``-p`` wins over ``--quick``.
Executed notebooks carry no timestamps, machine paths or random widget ids (see ``record``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import EXPLICIT_PARAMETERS_ENV, paths
from .. import results as results_module
from ..sweep import PROGRESS_ENV, SCHEDULER_ENV
from .parameters import (
    RunnerError,
    add_parameter_arguments,
    parse_parameters,
    resolve_parameters,
    run_folder_name,
)
from .record import normalize_file
from .staging import Destination, Stage, make_folder

__all__ = [
    "RUNS_DIR",
    "Interrupted",
    "Outcome",
    "RunnerError",
    "destination_for",
    "discover",
    "headline",
    "main",
    "parse_parameters",
    "run_notebook",
    "select",
    "summary_table",
]

RUNS_DIR = paths.ROOT / "build" / "runs"


class Interrupted(KeyboardInterrupt):
    """The run was stopped with Ctrl-C (SIGINT) or SIGTERM."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class Outcome:
    notebook: str
    seconds: float
    status: str  # "ok", "failed" or "interrupted"
    detail: str = ""
    headline: dict = field(default_factory=dict)
    partial: str = ""  # where a failed or interrupted run left its output


def discover(folder: Path | None = None) -> list[Path]:
    """The course notebooks, in course order (``NN_name.ipynb``)."""
    folder = Path(folder or paths.NOTEBOOKS)
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def select(names: list[str], folder: Path | None = None) -> list[Path]:
    """Resolve names such as ``04``, ``04_private_recommenders`` or ``notebooks/04_...ipynb``."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise RunnerError(f"names must be a list such as ['04', '05'], got {names!r}")
    available = discover(folder)
    if not names:
        return available
    chosen = []
    for name in names:
        if not isinstance(name, str):
            raise RunnerError(f"a notebook is named by a string such as '04', got {name!r}")
        stem = Path(name).stem
        matches = [p for p in available if p.stem == stem or p.stem.split("_")[0] == stem]
        if not matches:
            listing = ", ".join(p.stem for p in available) or "none"
            raise RunnerError(f"no notebook called {name!r}; available: {listing}")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def headline(notebook: str, root: Path, count: int = 3) -> dict:
    """The first ``count`` numbers a notebook recorded (scalars, or the ``estimate`` of a result with an
    interval), for the summary table."""
    try:
        recorded = results_module.load(notebook, root)
    except (FileNotFoundError, ValueError):
        return {}
    numbers = {}
    for key, value in recorded.items():
        if isinstance(value, dict) and "estimate" in value:
            value = value["estimate"]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers[key] = value
    return dict(list(numbers.items())[:count])


def destination_for(source: Path, parameters: dict, output_dir: Path | None) -> tuple[Destination, str]:
    """Where a run's record goes, and the label of its staging folder.

    ``--output-dir``: ``DIR/<name>.ipynb`` with ``DIR/figures``, ``DIR/results``. With parameters: its own
    folder ``build/runs/<name and parameters>/`` of the same layout. Otherwise in place.
    """
    if output_dir is not None:
        return Destination(Path(output_dir) / source.name, Path(output_dir)), source.stem
    if parameters:
        folder = RUNS_DIR / run_folder_name(source.stem, parameters)
        return Destination(folder / source.name, folder), folder.name
    return Destination(source, paths.output_root()), source.stem


@contextlib.contextmanager
def _kernel_environment(values: dict[str, str]):
    """Set environment variables for the kernels papermill starts, and restore them afterwards."""
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _failure(exc: Exception) -> str:
    import papermill as pm

    if isinstance(exc, pm.PapermillExecutionError):
        first_line = (exc.source or "").strip().splitlines()[:1] or [""]
        text = f"cell [{exc.exec_count}] `{first_line[0][:60]}`: {exc.ename}: {exc.evalue}"
        return text.splitlines()[0][:240]
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]


def run_notebook(
    source: Path,
    destination: Destination,
    parameters: dict,
    label: str | None = None,
    explicit: set[str] | frozenset = frozenset(),
    scheduler: str | None = None,
) -> Outcome:
    """Execute one notebook into a stage and promote it on success; never raises for a failing notebook.

    Raises :class:`Interrupted` (after reporting where the partial output is) when stopped by a signal.
    """
    import papermill as pm

    stage = Stage(source.stem, label or source.stem, destination)
    environment = {
        "TRUSTLAB_OUTPUT_DIR": str(stage.output_root),
        EXPLICIT_PARAMETERS_ENV: ",".join(sorted(explicit)),
        # A kernel's stderr is captured into the notebook (ipykernel captures the file descriptors), so sweep
        # progress bars inside the kernel would land in the committed record: they are off there, and the
        # runner shows papermill's bar over the cells on its own terminal instead.
        PROGRESS_ENV: "off",
    }
    if scheduler:
        environment[SCHEDULER_ENV] = scheduler
    started = time.perf_counter()
    try:
        with _kernel_environment(environment):
            pm.execute_notebook(
                str(source),
                str(stage.notebook),
                parameters=parameters,
                cwd=str(source.parent),
                kernel_name="python3",
                progress_bar=sys.stderr.isatty(),
                log_output=False,
            )
        normalize_file(stage.notebook, source.stem)
        stage.promote()
    except KeyboardInterrupt:
        print(
            f"\n{source.stem}: interrupted; the recorded notebook, figures and results are unchanged. "
            f"Partial output: {stage.relative()}/",
            file=sys.stderr,
            flush=True,
        )
        raise
    except Exception as exc:  # noqa: BLE001 (a failing cell, a dead kernel, an unreadable notebook: report it)
        seconds = time.perf_counter() - started
        return Outcome(source.stem, seconds, "failed", _failure(exc), partial=stage.relative())
    seconds = time.perf_counter() - started
    return Outcome(source.stem, seconds, "ok", headline=headline(source.stem, destination.root / "results"))


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:.4g}"


def summary_table(outcomes: list[Outcome]) -> str:
    """One row per notebook: seconds, status, the first recorded numbers or what failed and where."""
    rows = [("notebook", "seconds", "status", "headline results")]
    for o in outcomes:
        if o.status == "ok":
            text = ", ".join(f"{k}={_number(v)}" for k, v in o.headline.items())
        else:
            text = o.detail + (f" (record unchanged; partial output in {o.partial}/)" if o.partial else "")
        rows.append((o.notebook, f"{o.seconds:.1f}", o.status, text))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.run", description="Execute the course notebooks."
    )
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all)")
    add_parameter_arguments(parser, "set quick=True (small sizes, seconds per notebook)")
    parser.add_argument("--output-dir", type=Path, help="where executed copies go (default: in place)")
    parser.add_argument("--scheduler", help="a Dask scheduler address for the notebooks' sweeps")
    parser.add_argument("--notebook-dir", type=Path, default=paths.NOTEBOOKS, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        chosen = select(args.notebooks, args.notebook_dir)
        if not chosen:
            raise RunnerError(f"no notebooks found in {args.notebook_dir}")
        checked, explicit = resolve_parameters(args.parameter, args.quick, chosen)
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    destinations = {source: destination_for(source, checked[source], args.output_dir) for source in chosen}
    parameterized = [s for s in chosen if checked[s] and args.output_dir is None]
    if parameterized:
        make_folder(RUNS_DIR)
        print(
            f"non-default parameters {checked[parameterized[0]]}: each notebook gets its own folder in build/runs/"
        )
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    outcomes: list[Outcome] = []
    try:
        for i, source in enumerate(chosen, 1):
            destination, label = destinations[source]
            print(f"[{i}/{len(chosen)}] {source.stem} ...", end=" ", flush=True)
            outcome = run_notebook(source, destination, checked[source], label, explicit, args.scheduler)
            where = "" if destination.notebook == source else f" -> {destination.notebook.parent}"
            print(f"{outcome.status} in {outcome.seconds:.1f} s{where}", flush=True)
            outcomes.append(outcome)
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        if outcomes:
            print(summary_table(outcomes), file=sys.stderr)
        return 128 + int(signum)
    finally:
        signal.signal(signal.SIGTERM, previous)
    print()
    print(summary_table(outcomes))
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
