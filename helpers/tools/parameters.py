"""Notebook parameters for the runner and the presenter: what a notebook's ``parameters`` cell declares, and
the ``-p NAME VALUE`` pairs checked against it (known names only, values of the declared literal's type, an
explicit ``-p`` winning over ``--quick``), plus the folder name of a parameterized run.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path
from typing import Any

__all__ = [
    "RunnerError",
    "add_parameter_arguments",
    "check_parameters",
    "declared_parameters",
    "parse_parameters",
    "resolve_parameters",
    "run_folder_name",
]


class RunnerError(ValueError):
    """Bad command-line input (unknown notebook, unknown parameter, a value of the wrong type); one line."""


def add_parameter_arguments(parser, quick_help: str) -> None:
    """The ``-p NAME VALUE`` and ``--quick`` options that the runner and the presenter share."""
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="override a notebook parameter (a Python literal of the parameter's type)",
    )
    parser.add_argument("--quick", action="store_true", help=quick_help)


def parse_parameters(pairs: list[list[str]] | None, quick: bool) -> dict:
    """``-p key value`` pairs to papermill parameters; values are Python literals, else strings.

    ``--quick`` adds ``quick=True`` unless ``quick`` was given explicitly with ``-p`` (explicit wins).
    """
    parameters: dict[str, Any] = {}
    for pair in pairs or []:
        if len(pair) != 2:
            raise RunnerError(f"a parameter is a name and a value (-p seed 7), got {pair!r}")
        key, raw = pair
        if not isinstance(key, str) or not key.isidentifier():
            raise RunnerError(f"parameter name {key!r} is not a valid Python identifier (use -p seed 7)")
        if key in parameters:
            raise RunnerError(f"parameter {key!r} is given twice; give it once")
        try:
            parameters[key] = ast.literal_eval(raw)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            parameters[key] = raw
    if not isinstance(quick, bool):
        raise TypeError(f"quick must be True or False, got {quick!r}")
    if quick and "quick" not in parameters:
        parameters["quick"] = True
    return parameters


def _parameters_cell(notebook) -> str | None:
    for cell in notebook.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return cell.source
    return None


def declared_parameters(source: Path) -> dict[str, Any]:
    """The literals assigned in the notebook's cell tagged ``parameters``, by name (empty if it has none)."""
    import nbformat

    text = _parameters_cell(nbformat.read(source, as_version=4))
    if text is None:
        return {}
    declared = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target.id, node.value
        else:
            continue
        try:
            declared[target] = ast.literal_eval(value)
        except ValueError:
            declared[target] = None  # not a literal: any value is accepted
    return declared


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool (True or False)"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        inner = sorted({_kind(v) for v in value})
        return f"list of {' or '.join(inner)}" if inner else "list"
    return type(value).__name__


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _conforms(value: Any, default: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        if not isinstance(value, (list, tuple)):
            return False
        return not default or all(any(_conforms(v, d) for d in default) for v in value)
    return isinstance(value, type(default))


def _as_declared(value: Any, default: Any) -> Any:
    """An int given for a float parameter becomes a float, so the notebook sees the declared type."""
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def check_parameters(parameters: dict, declared: dict, notebook: str) -> dict:
    """``parameters`` checked against what ``notebook`` declares; raise a one-line ``RunnerError`` otherwise."""
    if not isinstance(parameters, dict) or not isinstance(declared, dict):
        raise TypeError("parameters and declared must be dicts of name -> value")
    if not declared and parameters:
        raise RunnerError(f"{notebook} has no cell tagged 'parameters': it takes no -p or --quick")
    unknown = [name for name in parameters if name not in declared]
    if unknown:
        raise RunnerError(
            f"{notebook} has no parameter {', '.join(map(repr, unknown))}; valid: {', '.join(declared)}"
        )
    checked = {}
    for name, value in parameters.items():
        default = declared[name]
        if not _conforms(value, default):
            raise RunnerError(
                f"{notebook}: -p {name} {value!r} is not {_article(_kind(default))} (default {name} = {default!r})"
            )
        checked[name] = _as_declared(value, default)
    return checked


def resolve_parameters(
    pairs: list[list[str]] | None, quick: bool, sources: list[Path]
) -> tuple[dict[Path, dict], set[str]]:
    """Checked parameters for every notebook in ``sources`` and the names given explicitly with ``-p``.

    Every notebook is checked before any runs, so a typo stops the run at once.
    """
    raw = parse_parameters(pairs, quick)
    explicit = {pair[0] for pair in pairs or []}
    checked = {source: check_parameters(raw, declared_parameters(source), source.stem) for source in sources}
    return checked, explicit


def _slug(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return re.sub(r"[^A-Za-z0-9.]+", "_", text).strip("_") or "_"


def run_folder_name(notebook: str, parameters: dict) -> str:
    """The folder of a parameterized run under ``build/runs/``: the notebook and its parameters, readable,
    with a short hash of the exact parameters (two different runs never share a folder)."""
    if not isinstance(notebook, str) or not notebook or "/" in notebook:
        raise ValueError(
            f"notebook must be a notebook name such as '04_private_recommenders', got {notebook!r}"
        )
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict, got {type(parameters).__name__}")
    parts = [f"{key}-{_slug(parameters[key])}" for key in sorted(parameters)]
    digest = hashlib.sha256(repr(sorted(parameters.items())).encode()).hexdigest()[:8]
    readable = "__".join([notebook, *parts])
    if len(readable) > 100:
        readable = readable[:100].rstrip("_-")
    return f"{readable}__{digest}"
