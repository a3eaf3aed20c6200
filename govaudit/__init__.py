"""govaudit: an open compliance auditor for Chinese government portals (政府信息公开).

This package holds what the three stages (crawler/, checks/, reports/) share: the SQLite store,
the reference data files and the command-line interface.
"""

__version__ = "0.1.0"
