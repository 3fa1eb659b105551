from .jobs import Job
from .mail import OutgoingEmail

__all__ = ["Job", "OutgoingEmail"]
