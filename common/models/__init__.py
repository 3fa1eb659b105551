from .jobs import Job

__all__ = ["Job"]
