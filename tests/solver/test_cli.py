"""``concerto solve`` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.solver.builders import meeting, pro, problem


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "solve", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_solve_prints_the_solution(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem([pro("a"), pro("b")], [meeting("m", ["a", "b"])])))
    done = _run(str(path), "--time-limit", "2")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["assignments"][0]["start"] == "2026-12-07T09:00"


def test_bad_problem_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem([pro("a")], [meeting("m", ["zed"])])))
    done = _run(str(path))
    assert done.returncode == 2 and "$.meetings[0].required[0]" in done.stderr
