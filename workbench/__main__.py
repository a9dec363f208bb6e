"""``python -m workbench``: the command-line interface."""

from workbench.cli import main

main()
