"""Rule functions, one module per family. Importing this package imports every module in it
(so a new rule module needs no registration anywhere else), which registers their rules, and
then verifies them against the built-in pack (see checks/registry.py)."""

import importlib
import pkgutil

from checks import registry

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

registry.verify()
