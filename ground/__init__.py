"""The ground every stage stands on: the SQLite store and its schema, configuration and the
reference data files (`ground/data/`), the document model, URL canonicalisation, page
classification and working days.

It imports no stage: crawler/, checks/ and reports/ import it, the command line (govaudit/)
imports all of them, and nothing imports the command line (tests/test_import_direction.py).
"""

__version__ = "0.1.0"
