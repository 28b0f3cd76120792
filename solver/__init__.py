"""The CP-SAT scheduling engine: pure (standard library, ortools, holidays), no database, no web."""

from solver.check import check
from solver.io import dump_solution, load_problem
from solver.problem import Problem, ProblemError, Solution
from solver.solve import find_slot, solve

__all__ = [
    "Problem",
    "ProblemError",
    "Solution",
    "check",
    "dump_solution",
    "find_slot",
    "load_problem",
    "solve",
]
