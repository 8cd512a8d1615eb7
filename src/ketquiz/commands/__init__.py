"""One module per command; each has ``register(subparsers)``. See :mod:`ketquiz.cli`."""
