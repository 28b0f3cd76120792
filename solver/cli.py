"""``concerto solve PROBLEM.json [--mode ...] [--time-limit S]``: prints the solution as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from solver.io import dump_solution, load_problem
from solver.problem import MODES, ProblemError
from solver.solve import solve


def main(argv: Sequence[str] | None = None) -> int:
    """Solve a problem file; errors go to standard error with exit status 2."""
    parser = argparse.ArgumentParser(prog="concerto solve", description="Solve a scheduling problem file.")
    parser.add_argument("problem", help="path of the problem JSON (see the scheduling-problem spec)")
    parser.add_argument("--mode", choices=MODES, default="batch")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        with open(args.problem, encoding="utf-8") as handle:
            problem = load_problem(json.load(handle))
        solution = solve(problem, args.mode, args.time_limit, args.workers)
    except (OSError, json.JSONDecodeError, ProblemError, ValueError) as error:
        print(f"concerto solve: {error}", file=sys.stderr)
        return 2
    json.dump(dump_solution(solution), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0
