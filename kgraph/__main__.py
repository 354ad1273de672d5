"""``python -m kgraph``: the same as the ``kgraph`` command."""

from .cli import main

main()
