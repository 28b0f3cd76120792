"""The batch search: the greedy answer first, then CP-SAT hinted with it.

With the weights computed from bounds (the default), the search is staged: priorities 1 and 2
(urgency held, then fewest moves) alone until proved or most of the time is gone, then comfort
with those held. One weighted search on everything finds the most urgency far later and seldom
proves it; staged, the whole objective's bound is exact on the first levels once they are
proved. Weights given in the problem are used as given, in one search."""

from __future__ import annotations

import time as clock
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.availability import Compiled, thin
from solver.greedy import Placed, compact, greedy
from solver.model import Built, build

# Priorities 1 and 2 get at most this share of the time; the rest is for comfort.
FIRST_LEVEL_SHARE = 0.7


@dataclass
class Outcome:
    status: str
    placed: dict[str, Placed]
    moved: set[str]
    objective: int | None
    bound: int | None
    seconds: float
    left_out_bound: int | None = None  # staged: the least urgency that must be left out


@dataclass
class Budget:
    """The time limit of one solve: what is left of it, and whether a search still fits."""

    limit: float
    began: float = field(default_factory=clock.perf_counter)
    # A search given less time than building the model took would stop in CP-SAT's presolve.
    floor: float = 0.0

    def spent(self) -> float:
        return clock.perf_counter() - self.began

    def left(self) -> float:
        """A twentieth is kept for reading the answer back and for CP-SAT running over."""
        return self.limit * 0.95 - self.spent()

    def allows_search(self) -> bool:
        return self.left() > self.floor


@dataclass
class Search:
    """One CP-SAT run and what it found."""

    solver: cp_model.CpSolver
    status: cp_model.CpSolverStatus

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def optimal(self) -> bool:
        return self.status == cp_model.OPTIMAL

    @property
    def objective(self) -> int:
        return round(self.solver.objective_value)

    @property
    def bound(self) -> int:
        """Rounded: the objective is integral, so the nearest integer still bounds it."""
        return round(self.solver.best_objective_bound)


def cp_sat(model: cp_model.CpModel, seconds: float, workers: int, seed: int) -> Search:
    """One CP-SAT search of ``model`` within ``seconds``."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Probing costs seconds on large models before any search; the greedy hint matters more.
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"the scheduling model is invalid: {model.validate()}")
    return Search(solver, status)


@dataclass(frozen=True)
class Found:
    """An answer, the whole objective, its bound, and (staged) the least urgency left out."""

    placed: dict[str, Placed]
    moved: set[str]
    objective: int
    bound: int
    left_out_bound: int | None = None


def solve_batch(compiled: Compiled, time_limit: float, workers: int, seed: int = 0) -> Outcome:
    """Greedy first, then CP-SAT hinted with it; the greedy answer stands if CP-SAT finds nothing
    better on priority 1 in the time."""
    budget = Budget(time_limit)
    baseline = greedy(compiled)
    if budget.limit - budget.spent() < budget.spent():
        # Building the model costs about what the greedy pass did: with less time than that left,
        # there is no search to run, and the greedy answer stands.
        return _greedy_outcome(baseline, budget)
    for m in compiled.problem.meetings:
        chosen = baseline.get(m.id)
        compiled.starts[m.id] = thin(compiled.starts[m.id], m, compiled, chosen.start if chosen else None)
    building = clock.perf_counter()
    built = build(compiled)
    built.hint(baseline)
    budget.floor = clock.perf_counter() - building
    weights = compiled.problem.weights
    staged = weights.unscheduled is None and weights.moved is None
    found = (
        Staged(built, budget, baseline, workers, seed).run()
        if staged
        else _one_stage(built, budget, workers, seed)
    )
    if found is None or (staged and _held(compiled, baseline) > _held(compiled, found.placed)):
        return _greedy_outcome(baseline, budget)
    status = "optimal" if found.objective == found.bound else "feasible"
    return Outcome(
        status, found.placed, found.moved, found.objective, found.bound, budget.spent(), found.left_out_bound
    )


def _held(compiled: Compiled, placed: dict[str, Placed]) -> int:
    return sum(compiled.by_id[mid].urgency for mid in placed)


def _greedy_outcome(baseline: dict[str, Placed], budget: Budget) -> Outcome:
    return Outcome(
        "feasible" if baseline else "no_solution_found", baseline, set(), None, None, budget.spent()
    )


def _one_stage(built: Built, budget: Budget, workers: int, seed: int) -> Found | None:
    """Weights given in the problem: one search on the weighted sum, as asked."""
    if not budget.allows_search():
        return None
    search = cp_sat(built.model, budget.left(), workers, seed)
    if not search.found:
        return None
    return Found(built.read(search.solver), built.moved(search.solver), search.objective, search.bound)


@dataclass
class Staged:
    """Priorities 1 and 2 first, then comfort with them held at what was reached."""

    built: Built
    budget: Budget
    baseline: dict[str, Placed]
    workers: int
    seed: int

    def run(self) -> Found | None:
        built, levels, budget = self.built, self.built.levels, self.budget
        if not budget.allows_search():
            return None
        built.model.minimize(levels.first)
        first = cp_sat(built.model, budget.left() * FIRST_LEVEL_SHARE, self.workers, self.seed)
        if not first.found:
            return None
        start = self._second_start(first)
        w = levels.weights
        least = first.bound // (levels.movable + 1)
        left_out, moves = built.first_levels(start)
        reached = w.unscheduled * left_out + w.moved * moves
        # Without a proof of the first levels, the rest can only be bounded by its lowest value.
        bound = w.unscheduled * least + levels.lowest_comfort
        built.hint(start)
        second = self._second(built.first_value(start))
        if second is None:
            return Found(start, built.moved_in(start), reached + built.comfort_of(start), bound, least)
        if first.optimal:
            bound = reached + second.bound
        placed = built.read(second.solver)
        return Found(placed, built.moved(second.solver), reached + second.objective, bound, least)

    def _second_start(self, first: Search) -> dict[str, Placed]:
        """The first stage's answer, or the greedy one if it is better on priorities 1 and 2, each
        meeting brought as early as it still fits."""
        answer = self.built.read(first.solver)
        best = min((answer, self.baseline), key=self.built.first_value)
        return compact(self.built.compiled, best)

    def _second(self, first_value: int) -> Search | None:
        built = self.built
        built.model.add(built.levels.first <= first_value)
        built.model.minimize(built.levels.comfort)
        if not self.budget.allows_search():
            return None
        search = cp_sat(built.model, self.budget.left(), self.workers, self.seed)
        return search if search.found else None
