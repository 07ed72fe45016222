"""Execute the course notebooks with papermill and print a summary table.

    python -m helpers.run                      # every notebook, in place, default parameters
    python -m helpers.run 04 05_loyalty        # a selection (a number prefix or a name)
    python -m helpers.run 04 -p seed 7 --quick # other parameters: written to build/runs/, not in place

Default runs update the committed notebooks, figures/ and results/. A run with ``--quick`` or ``-p`` writes
its executed notebooks, figures and results under ``build/runs/`` so the committed record stays what the
default parameters give. A failing notebook is reported with its failing cell; the others still run and
the exit status is non-zero.
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from . import results as results_module


class RunnerError(ValueError):
    """Bad command-line input: unknown notebook, malformed parameter."""


@dataclass
class Outcome:
    notebook: str
    seconds: float
    status: str  # "ok" or "failed"
    detail: str = ""
    headline: dict = field(default_factory=dict)


def discover(folder: Path | None = None) -> list[Path]:
    """The course notebooks, in course order (``NN_name.ipynb``)."""
    folder = folder or paths.NOTEBOOKS
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def select(names: list[str], folder: Path | None = None) -> list[Path]:
    """Resolve names such as ``04``, ``04_private_recommenders`` or ``notebooks/04_...ipynb``."""
    available = discover(folder)
    if not names:
        return available
    chosen = []
    for name in names:
        stem = Path(name).stem
        matches = [p for p in available if p.stem == stem or p.stem.split("_")[0] == stem]
        if not matches:
            listing = ", ".join(p.stem for p in available) or "none"
            raise RunnerError(f"no notebook called {name!r}; available: {listing}")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def parse_parameters(pairs: list[list[str]] | None, quick: bool) -> dict:
    """``-p key value`` pairs to papermill parameters; values are Python literals, else strings."""
    parameters = {}
    for key, raw in pairs or []:
        if not key.isidentifier():
            raise RunnerError(f"parameter name {key!r} is not a valid Python identifier (use -p seed 7)")
        try:
            parameters[key] = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            parameters[key] = raw
    if quick:
        parameters["quick"] = True
    return parameters


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


_TIMES = ("duration", "start_time", "end_time")


def drop_timestamps(path: Path) -> None:
    """Remove the execution timestamps papermill and nbclient write into every cell, so re-running a
    notebook with the same parameters changes nothing in git but what really changed."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for meta in [notebook.metadata, *(cell.metadata for cell in notebook.cells)]:
        meta.pop("execution", None)
        for key in _TIMES:
            meta.get("papermill", {}).pop(key, None)
    nbformat.write(notebook, path)


def run_notebook(source: Path, output: Path, parameters: dict, output_root: Path) -> Outcome:
    """Execute one notebook with papermill; never raises for a failing notebook."""
    import papermill as pm

    os.environ["TRUSTLAB_OUTPUT_DIR"] = str(output_root)
    started = time.perf_counter()
    try:
        pm.execute_notebook(
            str(source), str(output), parameters=parameters, cwd=str(source.parent),
            kernel_name="python3", progress_bar=False, log_output=False,
        )  # fmt: skip
    except pm.PapermillExecutionError as exc:
        first_line = (exc.source or "").strip().splitlines()[:1] or [""]
        detail = f"cell [{exc.exec_count}] `{first_line[0][:60]}`: {exc.ename}: {exc.evalue}".splitlines()[0][:240]
        return Outcome(source.stem, time.perf_counter() - started, "failed", detail)
    except Exception as exc:  # kernel died, notebook unreadable, ...
        return Outcome(source.stem, time.perf_counter() - started, "failed", f"{type(exc).__name__}: {exc}"[:200])
    seconds = time.perf_counter() - started
    drop_timestamps(output)
    return Outcome(source.stem, seconds, "ok", headline=headline(source.stem, output_root / "results"))


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:.4g}"


def summary_table(outcomes: list[Outcome]) -> str:
    rows = [("notebook", "seconds", "status", "headline results")]
    for o in outcomes:
        text = o.detail if o.status != "ok" else ", ".join(f"{k}={_number(v)}" for k, v in o.headline.items())
        rows.append((o.notebook, f"{o.seconds:.1f}", o.status, text))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.run", description="Execute the course notebooks.")
    parser.add_argument("notebooks", nargs="*", help="numbers or names (default: all)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("KEY", "VALUE"),
                        help="override a notebook parameter (a Python literal)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="set quick=True (small sizes, seconds per notebook)")
    parser.add_argument("--output-dir", type=Path, help="where executed copies go (default: in place)")
    parser.add_argument("--notebook-dir", type=Path, default=paths.NOTEBOOKS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        chosen = select(args.notebooks, args.notebook_dir)
        parameters = parse_parameters(args.parameter, args.quick)
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not chosen:
        print("error: no notebooks found in notebooks/", file=sys.stderr)
        return 2
    out_dir = args.output_dir or (paths.ROOT / "build" / "runs" if parameters else None)
    output_root = out_dir or paths.output_root()
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        print(f"non-default parameters {parameters}: writing notebooks, figures and results to {out_dir}")
    outcomes = []
    for i, source in enumerate(chosen, 1):
        print(f"[{i}/{len(chosen)}] {source.stem} ...", end=" ", flush=True)
        target = (out_dir / source.name) if out_dir else source
        outcome = run_notebook(source, target, parameters, Path(output_root))
        print(f"{outcome.status} in {outcome.seconds:.1f} s", flush=True)
        outcomes.append(outcome)
    print()
    print(summary_table(outcomes))
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
