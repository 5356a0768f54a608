"""The errors and warnings ``nn`` raises: a bad model file, and training that diverged."""

from __future__ import annotations


class ModelFileError(ValueError):
    """A model file (or state dict) cannot be loaded: corrupt, truncated, another version or another architecture.

    Raised before anything is changed, so the model it was meant for is left untouched.
    """


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss (or a gradient) became NaN or infinite."""
