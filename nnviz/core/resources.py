"""Find the files under the top-level ``resources/`` folder.

A wheel carries them inside the package (``nnviz/resources``, mapped by hatchling's
``force-include``); an editable install or a source checkout does not, so the lookup
falls back to the repository's own ``resources/`` folder beside the package.
"""

from __future__ import annotations

from pathlib import Path

#: The ``nnviz`` package folder (this module is ``nnviz/core/resources.py``).
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Return the folder that holds nnviz's resources.

    Returns
    -------
    pathlib.Path
        ``nnviz/resources`` in an installed wheel, else ``<checkout>/resources``.

    Raises
    ------
    FileNotFoundError
        If neither location exists (a broken install).
    """
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "presets").is_dir():
            return candidate
    raise FileNotFoundError(
        "nnviz's resources folder is missing: reinstall nnviz (pip install nnviz)"
    )


def resource_path(*parts: str) -> Path:
    """Return the path of one resource, e.g. ``resource_path("presets", "xor.json")``.

    Parameters
    ----------
    *parts : str
        Path components below the resources folder.

    Returns
    -------
    pathlib.Path
        The path (it is not checked for existence).
    """
    return resources_dir().joinpath(*parts)
