"""Rule functions, one module per family. Importing this package registers all of them and
verifies them against the built-in pack (see checks/registry.py)."""

from checks import registry
from checks.rules import annual_report, audit, column, homepage, link, privacy  # noqa: F401
from checks.rules import annual_content  # noqa: F401
from checks.rules import disclosure, document  # noqa: F401
from checks.rules import content, guide, platform  # noqa: F401
from checks.rules import interaction, interpretation  # noqa: F401
from checks.rules import budget  # noqa: F401
from checks.rules import budget_content  # noqa: F401

registry.verify()
