"""Rule functions, one module per family. Importing this package imports every module in it,
which registers their `@rule` functions, and then verifies them against the built-in pack (see
checks/registry.py): a new rule module needs no entry here, and a pack rule without a function
(or a function without a pack rule) still stops the program at import."""

import importlib
import pkgutil

from checks import registry

# Sorted, so registration order does not depend on the file system.
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
    importlib.import_module(f"{__name__}.{_module}")

registry.verify()
