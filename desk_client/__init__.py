"""desk-client: the program on a window clerk's PC in a government service hall (政务服务中心)."""

__version__ = "0.1.0"
