"""The package version, in one place (read by pyproject.toml, the CLI's --version and __version__)."""

__version__ = "0.2.0"
