"""helpers.tools.record: an executed notebook keeps no timestamps, machine paths or random widget ids."""

import json
import uuid

import nbformat

from helpers.tools import record


def _executed(ids: dict[str, str]):
    """A notebook as nbclient leaves it: a displayed VBox (slider + label, shared layout), an orphan model."""
    a, b, c, d, e = (ids[k] for k in "abcde")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("box", id="cell-1")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", {record.VIEW_MIME: {"model_id": a, "version_major": 2, "version_minor": 0}}
        )
    ]
    cell.metadata["execution"] = {"iopub.status.busy": "2026-11-30T10:00:00Z"}
    cell.metadata["papermill"] = {"duration": 1.2, "start_time": "x", "end_time": "y", "status": "completed"}
    nb.cells = [cell]
    nb.metadata["papermill"] = {
        "input_path": "/home/me/nb.ipynb",
        "output_path": "/tmp/out.ipynb",
        "parameters": {},
    }
    nb.metadata["widgets"] = {
        record.STATE_MIME: {
            "version_major": 2,
            "version_minor": 0,
            "state": {
                a: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{b}", f"IPY_MODEL_{c}"]}},
                b: {"model_name": "IntSliderModel", "state": {"layout": f"IPY_MODEL_{d}", "value": 20}},
                c: {"model_name": "LabelModel", "state": {"layout": f"IPY_MODEL_{d}", "value": "hi"}},
                d: {"model_name": "LayoutModel", "state": {}},
                e: {"model_name": "LayoutModel", "state": {"width": "10px"}},
            },
        }
    }
    return nb


def _random_ids():
    return {key: uuid.uuid4().hex for key in "abcde"}


def test_two_runs_with_random_ids_become_the_same_bytes():
    first = nbformat.writes(record.normalize(_executed(_random_ids()), "00_start_here"))
    second = nbformat.writes(record.normalize(_executed(_random_ids()), "00_start_here"))
    assert first == second


def test_references_stay_consistent_after_renaming():
    ids = _random_ids()
    nb = record.normalize(_executed(ids), "00_start_here")
    text = json.dumps(nb)
    assert not any(old in text for old in ids.values())
    state = nb.metadata["widgets"][record.STATE_MIME]["state"]
    shown = nb.cells[0].outputs[0]["data"][record.VIEW_MIME]["model_id"]
    children = [ref.removeprefix("IPY_MODEL_") for ref in state[shown]["state"]["children"]]
    assert all(child in state for child in children) and len(state) == 5
    assert all(len(model_id) == 32 and int(model_id, 16) >= 0 for model_id in state)


def test_ids_differ_between_notebooks():
    a = record.normalize(_executed(_random_ids()), "00_start_here").cells[0].outputs[0]["data"]
    b = record.normalize(_executed(_random_ids()), "04_private_recommenders").cells[0].outputs[0]["data"]
    assert a[record.VIEW_MIME]["model_id"] != b[record.VIEW_MIME]["model_id"]


def test_timestamps_and_machine_paths_are_removed_parameters_kept():
    nb = record.normalize(_executed(_random_ids()), "00_start_here")
    assert nb.metadata["papermill"] == {"parameters": {}}
    assert "execution" not in nb.cells[0].metadata
    assert nb.cells[0].metadata["papermill"] == {"status": "completed"}


def test_a_notebook_without_widgets_is_left_as_it_is():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    assert record.stable_widget_ids(nb, "x") is nb


def test_normalize_file_rewrites_in_place(tmp_path):
    path = tmp_path / "00_start_here.ipynb"
    nbformat.write(_executed(_random_ids()), path)
    record.normalize_file(path)
    text = path.read_text()
    assert "/home/me" not in text and text.endswith("}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["00_start_here.ipynb"]


def test_wall_time_cells_keep_a_note_instead_of_their_timings():
    import nbformat

    from helpers.tools import record

    timed = nbformat.v4.new_code_cell("print(elapsed)", metadata={"tags": [record.WALL_TIME_TAG]})
    timed.outputs = [nbformat.v4.new_output("stream", name="stdout", text="fit in 0.37 s\n")]
    plain = nbformat.v4.new_code_cell("print(1)")
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    notebook = nbformat.v4.new_notebook(cells=[timed, plain])
    record.drop_wall_times(notebook)
    assert "0.37" not in timed.outputs[0]["text"] and "out of the record" in timed.outputs[0]["text"]
    assert plain.outputs[0]["text"] == "1\n"
