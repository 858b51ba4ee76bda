"""Subcommands of the ``framelab`` CLI, one module each, each with ``register(subparsers)``."""
