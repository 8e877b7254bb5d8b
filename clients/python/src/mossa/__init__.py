"""Python client for MOSSA, the platform for layer-by-layer representational similarity experiments.

    from mossa import Client
    mossa = Client("http://localhost:8080", api_key="...")
"""
from .client import Client, Matrices, Similarity
from .errors import ExperimentFailed, FieldError, ProblemError

__all__ = ["Client", "Matrices", "Similarity", "ProblemError", "FieldError", "ExperimentFailed"]
__version__ = "0.1.0"
