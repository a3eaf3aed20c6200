"""Allow `python -m govaudit …` as well as the `govaudit` script."""

from govaudit.cli import main

main()
