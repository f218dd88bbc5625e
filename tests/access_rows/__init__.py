"""The access matrix, one module per area, merged here. Each module defines ROWS:
url name -> (kwargs builder taking the `world` fixture, {who: expected outcome})."""

import importlib
import pkgutil

from tests.access_rows.base import EVERYONE, EXTRA

MATRIX: dict = {}
for module_info in pkgutil.iter_modules(__path__):
    if module_info.name == "base":
        continue
    module = importlib.import_module(f"{__name__}.{module_info.name}")
    overlap = set(MATRIX) & set(module.ROWS)
    assert not overlap, f"URL names in two access-row modules: {overlap}"
    MATRIX.update(module.ROWS)

__all__ = ["EVERYONE", "EXTRA", "MATRIX"]
