"""ketquiz: a terminal quiz and flashcard trainer grounded in its sources."""

__version__ = "0.1.0"
__all__ = ["__version__"]
