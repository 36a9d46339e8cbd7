"""The ``amnestyrules`` command line: one module per command; each renders through
:mod:`amnestyrules.present`, never the reverse."""

from amnestyrules.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
