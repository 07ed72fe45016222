"""Executed notebooks made reproducible: the same parameters give the same bytes on any machine.

nbclient and papermill write what changes from run to run into an executed notebook: execution timestamps,
the absolute input and output paths of the machine that ran it, and ipywidgets' random model ids (in the
widget outputs and in the saved widget state). :func:`normalize` removes the first two and renames every
widget model id to one derived from the notebook's name and the model's place in the notebook, so re-running
with the default parameters changes nothing in git but what really changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .. import paths

__all__ = [
    "WALL_TIME_TAG",
    "drop_timestamps",
    "drop_wall_times",
    "normalize",
    "normalize_file",
    "stable_widget_ids",
]

# Cells with this tag print wall-clock times: shown when the cell runs, replaced by a note in the record.
WALL_TIME_TAG = "wall-time"
WALL_TIME_NOTE = "(wall-clock times are printed when this cell runs; they depend on the machine and stay out of the record)\n"

VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
_TIMES = ("duration", "start_time", "end_time")
_MACHINE_PATHS = ("input_path", "output_path")
_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
_REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def drop_timestamps(notebook) -> None:
    """Remove the execution timestamps papermill and nbclient write into the notebook and every cell."""
    for meta in [notebook.metadata, *(cell.metadata for cell in notebook.cells)]:
        meta.pop("execution", None)
        for key in _TIMES:
            meta.get("papermill", {}).pop(key, None)


def _widget_order(notebook) -> list[str]:
    """Model ids in a deterministic order: displayed widgets in cell order, each followed by the models it
    references (depth first); then models nothing displays, ordered by their content."""
    state = notebook.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state", {})
    order: list[str] = []
    seen: set[str] = set()

    def visit(model_id: str) -> None:
        if model_id in seen:
            return
        seen.add(model_id)
        order.append(model_id)
        if model_id in state:
            for reference in _REFERENCE.findall(json.dumps(state[model_id], sort_keys=True)):
                visit(reference)

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(VIEW_MIME)
            if isinstance(view, dict) and isinstance(view.get("model_id"), str):
                visit(view["model_id"])

    def content(model_id: str) -> str:
        return _REFERENCE.sub("IPY_MODEL_", json.dumps(state[model_id], sort_keys=True))

    for model_id in sorted(set(state) - seen, key=content):
        visit(model_id)
    return order


def stable_widget_ids(notebook, name: str):
    """The notebook with every widget model id replaced by ``sha256(name:index)[:32]`` (same format as
    ipywidgets' uuid4 hex ids); returns a new notebook node."""
    import nbformat

    order = _widget_order(notebook)
    if not order:
        return notebook
    mapping = {old: hashlib.sha256(f"{name}:{i}".encode()).hexdigest()[:32] for i, old in enumerate(order)}
    text = json.dumps(notebook)
    text = _MODEL_ID.sub(lambda match: mapping.get(match.group(0), match.group(0)), text)
    return nbformat.from_dict(json.loads(text))


def drop_wall_times(notebook) -> None:
    """Replace the outputs of cells tagged ``wall-time`` by one note: timings belong in benchmarks and notes."""
    import nbformat

    for cell in notebook.cells:
        if cell.get("cell_type") == "code" and WALL_TIME_TAG in cell.get("metadata", {}).get("tags", []):
            cell["outputs"] = [nbformat.v4.new_output("stream", name="stdout", text=WALL_TIME_NOTE)]


def normalize(notebook, name: str):
    """Timestamps, machine paths and wall times removed, widget ids made stable; returns the notebook to write."""
    drop_timestamps(notebook)
    drop_wall_times(notebook)
    papermill = notebook.metadata.get("papermill")
    if papermill is not None:
        for key in _MACHINE_PATHS:
            papermill.pop(key, None)
    return stable_widget_ids(notebook, name)


def normalize_file(path: Path, name: str | None = None) -> None:
    """Normalize the executed notebook at ``path`` in place (written atomically)."""
    import nbformat

    path = Path(path)
    notebook = normalize(nbformat.read(path, as_version=4), name or path.stem)
    text = nbformat.writes(notebook)
    paths.write_atomic(path, text if text.endswith("\n") else text + "\n")
