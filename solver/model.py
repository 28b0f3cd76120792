"""CP-SAT models, built from one small function per rule, each returning its objective terms.

Priority order of DESIGN §6 holds by construction: each level's weight exceeds the largest
possible total of every level below it (``weights_for``), and with those computed weights the
search is staged (urgency held and moves first, proved or given most of the time; then comfort
with them held), which finds and proves priority 1 far sooner than one weighted search.
Redundant time-indexed cliques per participant and a day-by-day form of precedence give the
linear relaxation, and so the bound, the real competition for people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.availability import Compiled, startable
from solver.greedy import Placed, at_published, buffer_slots
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
    span = compiled.grid.size if compiled.problem.delay_in_slots else compiled.grid.days
    comfort = sum(weights.delay * m.urgency * span for m in meetings)
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
    working days before: on each of its days, only if the other is placed by then (a form whose
    linear relaxation is exact, so the bound sees which rencontres cannot be held)."""
    for m in compiled.problem.meetings:
        for after in m.after:
            placed_by = _placed_by_day(model, compiled, v, after.meeting)
            days = sorted(placed_by)
            for day, xs in _by_working_day(compiled, v.at[m.id]).items():
                enough = [d for d in days if d <= day - after.min_working_days]
                model.add(sum(xs) <= (placed_by[enough[-1]] if enough else 0))


def _by_working_day(compiled: Compiled, at: dict[int, cp_model.IntVar]) -> dict[int, list[cp_model.IntVar]]:
    days: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for s, x in at.items():
        days[compiled.working_day(s)].append(x)
    return days


def _placed_by_day(
    model: cp_model.CpModel, compiled: Compiled, v: Variables, meeting: str
) -> dict[int, cp_model.IntVar]:
    """For each working day the meeting can be on, a 0/1 variable: placed on that day or before."""
    placed_by: dict[int, cp_model.IntVar] = {}
    before: list[cp_model.IntVar] = []
    for day, xs in sorted(_by_working_day(compiled, v.at[meeting]).items()):
        placed_by[day] = model.new_bool_var(f"by[{meeting},{day}]")
        model.add(placed_by[day] == cp_model.LinearExpr.sum([*before, *xs]))
        before = [placed_by[day]]
    return placed_by


def add_participant_cliques(model: cp_model.CpModel, compiled: Compiled, v: Variables) -> None:
    """Redundant, for the bound: at any instant, at most one of a required participant's candidate
    placements (travel buffer included) is taken. No-overlap alone relaxes to almost nothing; these
    time-indexed cliques give the linear relaxation most of the real competition for people."""
    buffer = buffer_slots(compiled)
    spans: dict[str, list[tuple[int, int, cp_model.IntVar]]] = defaultdict(list)
    for m in compiled.problem.meetings:
        size = compiled.length(m) + (buffer if m.room != "video" else 0)
        for who in m.required:
            spans[who].extend((s, s + size, x) for s, x in v.at[m.id].items())
    seen: set[frozenset[int]] = set()
    for placements in spans.values():
        for clique in _maximal_cliques(placements):
            key = frozenset(x.index for x in clique)
            if key not in seen:
                seen.add(key)
                model.add_at_most_one(clique)


def _maximal_cliques(spans: list[tuple[int, int, cp_model.IntVar]]) -> list[list[cp_model.IntVar]]:
    """The maximal sets of pairwise overlapping spans (half-open), of two or more: a sweep that
    records the open set just before the first span closes after an opening."""
    events = sorted(
        [(lo, 1, i) for i, (lo, _, _) in enumerate(spans)]
        + [(hi, 0, i) for i, (_, hi, _) in enumerate(spans)]
    )
    cliques, open_now, grew = [], set[int](), False
    for _, opens, i in events:
        if opens:
            open_now.add(i)
            grew = True
            continue
        if grew and len(open_now) > 1:
            cliques.append([spans[j][2] for j in sorted(open_now)])
        grew = False
        open_now.discard(i)
    return cliques


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
    and its start (in days, so that bringing an optional participant in can be worth a day; in
    slots for sessions)."""
    terms = []
    for m in compiled.problem.meetings:
        starts = compiled.starts[m.id]
        for s, x in v.at[m.id].items():
            later = compiled.lateness(s) - compiled.lateness(starts[0])
            if later:
                terms.append((m.urgency * later, x))
    return terms


def unscheduled_terms(compiled: Compiled, v: Variables) -> list[tuple[int, cp_model.IntVar]]:
    """Urgency of each meeting, paid when it is left out (with its presence literal)."""
    return [(m.urgency, v.present[m.id]) for m in compiled.problem.meetings]


@dataclass(frozen=True)
class Levels:
    """The objective by priority: urgency left out (1), published meetings moved (2), comfort
    (3: delay and optional attendees, weighted). The whole is
    ``weights.unscheduled * left_out + weights.moved * moves + comfort``."""

    left_out: cp_model.LinearExpr
    moves: cp_model.LinearExpr
    comfort: cp_model.LinearExpr
    weights: LevelWeights
    movable: int  # published meetings that could move: the most ``moves`` can be
    lowest_comfort: int  # every optional attendee brought in, no delay

    @property
    def whole(self) -> cp_model.LinearExpr:
        w = self.weights
        return w.unscheduled * self.left_out + w.moved * self.moves + self.comfort

    @property
    def first(self) -> cp_model.LinearExpr:
        """Priorities 1 and 2 alone: one more meeting held outweighs every move."""
        return (self.movable + 1) * self.left_out + self.moves


def _weighted(terms: Sequence[tuple[int, cp_model.LinearExprT]]) -> cp_model.LinearExpr:
    return cp_model.LinearExpr.weighted_sum([x for _, x in terms], [c for c, _ in terms])


@dataclass
class Built:
    """A batch model with its variables and objective levels, and what reads answers in and out."""

    compiled: Compiled
    model: cp_model.CpModel
    v: Variables
    levels: Levels

    def hint(self, placed: dict[str, Placed]) -> None:
        """A complete starting point: the greedy answer, or the published placement where the
        greedy answer kept it, or the previous stage's answer (CP-SAT uses a complete one at once)."""
        model, v = self.model, self.v
        model.clear_hints()
        for m in self.compiled.problem.meetings:
            chosen = placed.get(m.id)
            start = chosen.start if chosen is not None else None
            model.add_hint(v.present[m.id], start in v.at[m.id])
            for s, x in v.at[m.id].items():
                model.add_hint(x, s == start)
            for room, x in v.room.get(m.id, {}).items():
                model.add_hint(x, chosen is not None and room == chosen.room)
            for who, x in v.optional[m.id].items():
                model.add_hint(x, chosen is not None and who in chosen.optional)

    def read(self, solver: cp_model.CpSolver) -> dict[str, Placed]:
        """The placements of the answer ``solver`` found."""
        v, placed = self.v, {}
        for m in self.compiled.problem.meetings:
            if solver.value(v.present[m.id]):
                start = next(s for s, x in v.at[m.id].items() if solver.value(x))
                room = next((r for r, x in v.room.get(m.id, {}).items() if solver.value(x)), None)
                optional = tuple(w for w, x in v.optional[m.id].items() if solver.value(x))
                placed[m.id] = Placed(start, room, optional)
        return placed

    def moved(self, solver: cp_model.CpSolver) -> set[str]:
        """The published meetings the answer moves."""
        return {mid for mid, x in self.v.moved.items() if solver.value(x)}

    def moved_in(self, placed: dict[str, Placed]) -> set[str]:
        """The published meetings an answer places elsewhere (in time, or in another suitable room)."""
        return {
            m.id
            for m in self.compiled.problem.meetings
            if m.current is not None
            and m.fixed is None
            and m.id in placed
            and not at_published(self.compiled, m, placed[m.id])
        }

    def first_levels(self, placed: dict[str, Placed]) -> tuple[int, int]:
        """Priorities 1 and 2 of any answer, as the model counts them: the urgency left out, and
        the published meetings moved or dropped."""
        meetings = self.compiled.problem.meetings
        left_out = sum(m.urgency for m in meetings if m.id not in placed)
        dropped = sum(1 for m in meetings if m.current is not None and m.fixed is None and m.id not in placed)
        return left_out, len(self.moved_in(placed)) + dropped

    def comfort_of(self, placed: dict[str, Placed]) -> int:
        """Priority 3 of any answer, as the model counts it (``delay_terms`` and optional ones)."""
        compiled, w = self.compiled, self.levels.weights
        total = 0
        for mid, p in placed.items():
            first = compiled.starts[mid][0]
            later = compiled.lateness(p.start) - compiled.lateness(first)
            total += w.delay * compiled.by_id[mid].urgency * later - w.optional * len(p.optional)
        return total

    def first_value(self, placed: dict[str, Placed]) -> int:
        """``Levels.first`` of an answer."""
        left_out, moves = self.first_levels(placed)
        return (self.levels.movable + 1) * left_out + moves


def build(compiled: Compiled) -> Built:
    """The batch model, its objective by level, minimising the whole."""
    model, v = cp_model.CpModel(), Variables()
    w = weights_for(compiled, compiled.problem.weights)
    add_placement(model, compiled, v)
    optional = add_optional_attendance(model, compiled, v)
    add_no_overlap(model, compiled, v)
    add_participant_cliques(model, compiled, v)
    add_rooms(model, compiled, v)
    add_daily_caps(model, compiled, v)
    add_precedence(model, compiled, v)
    moves = add_stability(model, compiled, v)
    comfort = [(w.delay * c, x) for c, x in delay_terms(compiled, v)] + [
        (w.optional * c, x) for c, x in optional
    ]
    levels = Levels(
        left_out=_weighted([(c, ~x) for c, x in unscheduled_terms(compiled, v)]),
        moves=_weighted(moves),
        comfort=_weighted(comfort),
        weights=w,
        movable=len(moves),
        lowest_comfort=-w.optional * sum(len(m.optional) for m in compiled.problem.meetings),
    )
    model.minimize(levels.whole)
    return Built(compiled, model, v, levels)
