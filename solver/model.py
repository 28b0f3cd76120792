"""CP-SAT models, built from one small function per rule, each returning its objective terms.

Priority order of DESIGN §6 holds by construction: each level's weight exceeds the largest
possible total of every level below it (``weights_for``)."""

from __future__ import annotations

import time as clock
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.availability import Compiled, startable, thin
from solver.greedy import Placed, buffer_slots, greedy
from solver.problem import Weights

LinearTerm = tuple[int, cp_model.IntVar]


@dataclass
class Variables:
    """The model's variables, by meeting."""

    present: dict[str, cp_model.IntVar] = field(default_factory=dict)
    at: dict[str, dict[int, cp_model.IntVar]] = field(default_factory=dict)
    start: dict[str, cp_model.IntVar] = field(default_factory=dict)
    room: dict[str, dict[str, cp_model.IntVar]] = field(default_factory=dict)
    optional: dict[str, dict[str, cp_model.IntVar]] = field(default_factory=dict)
    moved: dict[str, cp_model.IntVar] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelWeights:
    unscheduled: int
    moved: int
    delay: int
    optional: int


def weights_for(compiled: Compiled, weights: Weights) -> LevelWeights:
    """Weights where one more scheduled meeting outweighs any number of moves and comfort terms,
    and one fewer move outweighs all comfort terms."""
    meetings = compiled.problem.meetings
    comfort = sum(weights.delay * m.urgency * compiled.grid.days for m in meetings)
    comfort += weights.optional_attendance * sum(len(m.optional) for m in meetings)
    moved = weights.moved if weights.moved is not None else comfort + 1
    movable = sum(1 for m in meetings if m.current is not None)
    unscheduled = weights.unscheduled if weights.unscheduled is not None else moved * movable + comfort + 1
    return LevelWeights(unscheduled, moved, weights.delay, weights.optional_attendance)


def add_placement(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """Each meeting is either absent or at exactly one of its candidate starts; fixed ones present."""
    for m in compiled.problem.meetings:
        starts = compiled.starts[m.id]
        v.present[m.id] = model.new_bool_var(f"present[{m.id}]")
        v.at[m.id] = {s: model.new_bool_var(f"at[{m.id},{s}]") for s in starts}
        model.add_exactly_one([~v.present[m.id], *v.at[m.id].values()])
        domain = cp_model.Domain.from_values(starts or [0])
        v.start[m.id] = model.new_int_var_from_domain(domain, f"start[{m.id}]")
        model.add(v.start[m.id] == sum(s * x for s, x in v.at[m.id].items())).only_enforce_if(v.present[m.id])
        if m.fixed is not None:
            model.add(v.present[m.id] == 1)


def add_optional_attendance(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> list[LinearTerm]:
    """Optional attendees come only where they are free; each one who comes is rewarded."""
    terms: list[LinearTerm] = []
    for m in compiled.problem.meetings:
        v.optional[m.id] = {}
        length = compiled.length(m)
        for who in m.optional:
            attends = model.new_bool_var(f"opt[{m.id},{who}]")
            model.add_implication(attends, v.present[m.id])
            ok = startable(compiled.free[who], length)
            for s, x in v.at[m.id].items():
                if not (ok >> s) & 1:
                    model.add_bool_or([~x, ~attends])
            v.optional[m.id][who] = attends
            terms.append((-1, attends))
    return terms


def add_no_overlap(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """Nobody in two meetings at once, a travel buffer after each in-person meeting."""
    buffer = buffer_slots(compiled)
    intervals: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for m in compiled.problem.meetings:
        size = compiled.length(m) + (buffer if m.room != "video" else 0)
        end = model.new_int_var(0, compiled.grid.size + size, f"end[{m.id}]")
        model.add(end == v.start[m.id] + size)
        for who in m.required:
            intervals[who].append(
                model.new_optional_interval_var(v.start[m.id], size, end, v.present[m.id], f"i[{m.id},{who}]")
            )
        for who, attends in v.optional[m.id].items():
            intervals[who].append(
                model.new_optional_interval_var(v.start[m.id], size, end, attends, f"o[{m.id},{who}]")
            )
    for spans in intervals.values():
        if len(spans) > 1:
            model.add_no_overlap(spans)


def add_rooms(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """One suitable room per meeting, free for its whole length; a physical room hosts one at a time."""
    if not compiled.problem.rooms:
        return
    per_room: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
    for m in compiled.problem.meetings:
        length = compiled.length(m)
        choices = {r: model.new_bool_var(f"room[{m.id},{r}]") for r in compiled.rooms[m.id]}
        v.room[m.id] = choices
        model.add(sum(choices.values()) == v.present[m.id])
        for r, chosen in choices.items():
            ok = startable(compiled.room_free[r], length)
            for s, x in v.at[m.id].items():
                if not (ok >> s) & 1:
                    model.add_bool_or([~x, ~chosen])
            if not compiled.problem.rooms[r].video:
                per_room[r].append(
                    model.new_optional_interval_var(
                        v.start[m.id], length, v.start[m.id] + length, chosen, f"r[{m.id},{r}]"
                    )
                )
        if m.fixed is not None and m.fixed.room in choices:
            model.add(choices[m.fixed.room] == 1)
    for spans in per_room.values():
        if len(spans) > 1:
            model.add_no_overlap(spans)


def add_daily_caps(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """No participant attends more meetings a day than their cap, fixed ones included."""
    load: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    for m in compiled.problem.meetings:
        days: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for s, x in v.at[m.id].items():
            days[compiled.grid.day_of(s)].append(x)
        for day, xs in days.items():
            on_day = model.new_bool_var(f"day[{m.id},{day}]")
            model.add(on_day == sum(xs))
            for who in m.required:
                load[(who, day)].append(on_day)
            for who, attends in v.optional[m.id].items():
                both = model.new_bool_var(f"day[{m.id},{day},{who}]")
                model.add_bool_and([on_day, attends]).only_enforce_if(both)
                model.add_bool_or([~on_day, ~attends]).only_enforce_if(~both)
                load[(who, day)].append(both)
    for (who, _), xs in load.items():
        cap = compiled.problem.participants[who].max_meetings_per_day
        if cap is not None and len(xs) > cap:
            model.add(sum(xs) <= cap)


def add_precedence(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """A meeting that comes after another (a rencontre after its preparation) needs it placed enough
    working days before."""
    for m in compiled.problem.meetings:
        for after in m.after:
            model.add_implication(v.present[m.id], v.present[after.meeting])
            mine = sum(compiled.working_day(s) * x for s, x in v.at[m.id].items())
            theirs = sum(compiled.working_day(s) * x for s, x in v.at[after.meeting].items())
            model.add(mine >= theirs + after.min_working_days).only_enforce_if(v.present[m.id])


def add_stability(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> list[LinearTerm]:
    """Every published meeting that moves (time or room) or drops out counts once."""
    terms: list[LinearTerm] = []
    for m in compiled.problem.meetings:
        if m.current is None or m.fixed is not None:
            continue
        moved = model.new_bool_var(f"moved[{m.id}]")
        v.moved[m.id] = moved
        same_time = v.at[m.id].get(compiled.grid.index(m.current.start))
        if same_time is None:
            model.add(moved == 1)
        else:
            model.add(moved >= 1 - same_time)
            same_room = v.room.get(m.id, {}).get(m.current.room or "")
            if same_room is not None:
                model.add(moved >= same_time - same_room)
        terms.append((1, moved))
    return terms


def delay_terms(compiled: Compiled, v: Variables) -> list[tuple[int, cp_model.IntVar]]:
    """Urgent meetings early: urgency times the working days between the meeting's first candidate
    and its start (in days, so that bringing an optional participant in can be worth a day)."""
    terms = []
    for m in compiled.problem.meetings:
        starts = compiled.starts[m.id]
        for s, x in v.at[m.id].items():
            days = compiled.working_day(s) - compiled.working_day(starts[0])
            if days:
                terms.append((m.urgency * days, x))
    return terms


def unscheduled_terms(compiled: Compiled, v: Variables) -> list[tuple[int, cp_model.IntVar]]:
    """Urgency of each meeting, paid when it is left out (with its presence literal)."""
    return [(m.urgency, v.present[m.id]) for m in compiled.problem.meetings]


@dataclass
class Outcome:
    status: str
    placed: dict[str, Placed]
    moved: set[str]
    objective: int | None
    bound: int | None
    seconds: float


def build(compiled: Compiled) -> tuple[cp_model.CpModel, Variables, cp_model.LinearExprT]:
    """The batch model and its objective."""
    model, v = cp_model.CpModel(), Variables()
    w = weights_for(compiled, compiled.problem.weights)
    add_placement(model, compiled, v)
    optional = add_optional_attendance(model, compiled, v)
    add_no_overlap(model, compiled, v)
    add_rooms(model, compiled, v)
    add_daily_caps(model, compiled, v)
    add_precedence(model, compiled, v)
    moves = add_stability(model, compiled, v)
    objective = (
        sum(w.unscheduled * c * (1 - x) for c, x in unscheduled_terms(compiled, v))
        + sum(w.moved * c * x for c, x in moves)
        + sum(w.delay * c * x for c, x in delay_terms(compiled, v))
        + sum(w.optional * c * x for c, x in optional)
    )
    model.minimize(objective)
    return model, v, objective


def _hint(model: cp_model.CpModel, compiled: Compiled, v: Variables, placed: dict[str, Placed]) -> None:
    """A complete starting point: the greedy answer, or the published placement where the greedy
    answer kept it (CP-SAT accepts one hint per variable and uses a complete one at once)."""
    for m in compiled.problem.meetings:
        chosen = placed.get(m.id)
        start = chosen.start if chosen is not None else None
        model.add_hint(v.present[m.id], start in v.at[m.id])
        for s, x in v.at[m.id].items():
            model.add_hint(x, s == start)
        for room, x in v.room.get(m.id, {}).items():
            model.add_hint(x, chosen is not None and room == chosen.room)
        for who, x in v.optional[m.id].items():
            model.add_hint(x, chosen is not None and who in chosen.optional)


def _weight(compiled: Compiled, placed: dict[str, Placed]) -> int:
    """Urgency scheduled: the first level of the objective."""
    return sum(compiled.by_id[mid].urgency for mid in placed)


def solve_batch(compiled: Compiled, time_limit: float, workers: int, seed: int = 0) -> Outcome:
    """Greedy first, then CP-SAT hinted with it; the greedy answer stands if CP-SAT finds nothing."""
    began = clock.perf_counter()
    baseline = greedy(compiled)
    spent = clock.perf_counter() - began
    if time_limit - spent < spent:
        # Building the model costs about what the greedy pass did: with less time than that left,
        # there is no search to run, and the greedy answer stands.
        answer = "feasible" if baseline else "no_solution_found"
        return Outcome(answer, baseline, set(), None, None, clock.perf_counter() - began)
    for m in compiled.problem.meetings:
        chosen = baseline.get(m.id)
        compiled.starts[m.id] = thin(compiled.starts[m.id], m, compiled, chosen.start if chosen else None)
    model, v, _ = build(compiled)
    _hint(model, compiled, v, baseline)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit - (clock.perf_counter() - began))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Probing costs seconds on large models before any search; the greedy hint matters more.
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    seconds = clock.perf_counter() - began
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"the scheduling model is invalid: {model.validate()}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome("feasible" if baseline else "no_solution_found", baseline, set(), None, None, seconds)
    placed = {}
    for m in compiled.problem.meetings:
        if solver.value(v.present[m.id]):
            start = next(s for s, x in v.at[m.id].items() if solver.value(x))
            room = next((r for r, x in v.room.get(m.id, {}).items() if solver.value(x)), None)
            optional = tuple(w for w, x in v.optional[m.id].items() if solver.value(x))
            placed[m.id] = Placed(start, room, optional)
    moved = {mid for mid, x in v.moved.items() if solver.value(x)}
    if _weight(compiled, baseline) > _weight(compiled, placed):
        return Outcome("feasible", baseline, set(), None, int(solver.best_objective_bound), seconds)
    return Outcome(
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        placed,
        moved,
        int(solver.objective_value),
        int(solver.best_objective_bound),
        seconds,
    )
