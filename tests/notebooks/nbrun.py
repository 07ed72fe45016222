"""Running a notebook under test: ``run_notebook`` executes it with papermill (small parameters) into a
folder and returns what it recorded with ``results.record``."""

import json
import os
from pathlib import Path

import nbformat
import papermill as pm

from helpers import EXPLICIT_PARAMETERS_ENV, paths


def run_notebook(name: str, out: Path, extra_cells=(), **parameters) -> dict:
    """Execute ``notebooks/<name>.ipynb`` (plus ``extra_cells`` appended) with its figures and results
    written under ``out``; return the recorded results with ``_figures`` (PNG names) and ``_extra``
    (the text the extra cells printed)."""
    source = paths.NOTEBOOKS / f"{name}.ipynb"
    notebook = nbformat.read(source, as_version=4)
    notebook.cells.extend(nbformat.v4.new_code_cell(code) for code in extra_cells)
    environment = {"TRUSTLAB_OUTPUT_DIR": str(out), EXPLICIT_PARAMETERS_ENV: ",".join(sorted(parameters))}
    previous = {key: os.environ.get(key) for key in environment}
    os.environ.update(
        environment
    )  # the kernel inherits them; explicit sizes win over quick, as in the runner
    try:
        pm.execute_notebook(
            notebook,
            str(out / source.name),
            parameters=parameters,
            cwd=str(paths.NOTEBOOKS),
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=300,
        )  # a guard against a stalled kernel, not a speed test
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    recorded = json.loads((out / "results" / f"{name}.json").read_text())
    recorded["_figures"] = sorted(p.name for p in (out / "figures" / name).glob("*.png"))
    executed = nbformat.read(out / source.name, as_version=4)
    tail = executed.cells[len(executed.cells) - len(extra_cells) :] if extra_cells else []
    if extra_cells:
        recorded["_extra"] = "".join(o.get("text", "") for cell in tail for o in cell.outputs)
    return recorded


def assert_no_answer_shown(name: str) -> None:
    """No code cell of the committed ``notebooks/<name>.ipynb`` builds an exercise or types its answer, and
    no output shows a solved exercise: the answers stay in ``helpers.exercises``."""
    notebook = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    source = "\n".join(cell.source for cell in code)
    assert "expected=" not in source and "solution=" not in source and "Exercise(" not in source
    shown = "\n".join(output.get("text", "") for cell in code for output in cell.outputs)
    assert "Correct" not in shown and "Solution:" not in shown


def notebook_headings(name: str) -> set[str]:
    """The section headings (markdown lines starting with ``#``) of the committed ``notebooks/<name>.ipynb``."""
    notebook = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return {
        line.lstrip("#").strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    }


def assert_claims_ledger(name: str, claims: list[dict], kinds: set[str]) -> None:
    """The notebook's claims ledger: at least five valid claims, exactly the evidence ``kinds`` the notebook
    uses, and every claim's section one of the notebook's headings (so a reader finds where it is shown)."""
    from helpers import evidence

    assert len(claims) >= 5
    assert {c["evidence"] for c in claims} == kinds
    evidence.claims_table(claims)  # every entry is a valid Claim
    assert {c["section"] for c in claims} <= notebook_headings(name)
