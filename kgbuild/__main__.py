"""``python -m kgbuild``: the command line."""

from kgbuild.cli import main

main()
