"""Command line: `python -m replica serve|build` (see cli.py)."""
from .cli import main

main()
