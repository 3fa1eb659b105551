"""Panel rostering engine: pure Python + OR-Tools CP-SAT, no Django."""

from .cover import suggest_cover
from .engine import solve, solve_scored
from .greedy import greedy
from .instance import InstanceError, parse_instance
from .score import check_assignments, score
from .violations import RULES, Violation

__all__ = [
    "RULES",
    "InstanceError",
    "Violation",
    "check_assignments",
    "greedy",
    "parse_instance",
    "score",
    "solve",
    "solve_scored",
    "suggest_cover",
]
