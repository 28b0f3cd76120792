"""The shared action plan: actions, what the person brings, evaluation dates; each item shown only
where consent covers its category for the reader's institution."""

from __future__ import annotations

from typing import Any

from notifications.glossary import REVEALING_KINDS
from service.accounts.actor import Actor
from service.audit.recorder import record
from service.cases.tables import Case
from service.clock import now, today
from service.consent.participation import active_member_ids
from service.db import transaction
from service.directory.tables import Professional
from service.errors import FieldError, Invalid, NotFound
from service.followup.schemas import (
    ActionIn,
    ActionRead,
    ActionReview,
    EvaluationIn,
    EvaluationRead,
    NoteIn,
    NoteRead,
    PlanRead,
)
from service.followup.tables import EvaluationDate, PlanAction, PlanNote
from service.policy import CaseAccess

UNFINISHED = ("open", "not_done")


def visible(category: str, access: CaseAccess) -> bool:
    return category == "general" or category in access.categories


async def revealing_professionals(access: CaseAccess) -> set[int]:
    """Professionals whose institution would reveal a category this reader may not see (SPIP, PJJ,
    hospital): their names stay out of what the reader gets, as on the liste."""
    hidden_kinds = [k for k, category in REVEALING_KINDS.items() if category not in access.categories]
    rows = await Professional.select(Professional.id).where(
        Professional.institution._.kind.is_in(hidden_kinds or ["-"])
    )
    return {r["id"] for r in rows}


def action_read(row: dict[str, Any]) -> ActionRead:
    return ActionRead(
        id=row["id"],
        title=row["title"],
        category=row["category"],
        owner_professional_id=row["owner_professional"],
        owner_is_person=row["owner_is_person"],
        due=row["due"],
        status=row["status"],
        review_note=row["review_note"],
    )


async def touch(case_id: int) -> None:
    """Follow-up is activity: it pushes back the case's retention."""
    await Case.update({Case.last_activity_at: now()}).where(Case.id == case_id)


async def check_actions(case_id: int, actions: list[ActionIn]) -> None:
    members = await active_member_ids(case_id)
    for n, a in enumerate(actions):
        if a.owner_is_person == (a.owner_professional_id is not None):
            raise Invalid(
                "An action has one owner: a professional of the liste, or the person.",
                [FieldError(f"actions[{n}].owner_professional_id", "give it, or set owner_is_person")],
            )
        if a.owner_professional_id is not None and a.owner_professional_id not in members:
            raise Invalid(
                "An action's owner is an active member of the liste.",
                [FieldError(f"actions[{n}].owner_professional_id", "not on the liste")],
            )


async def insert_actions(case_id: int, actions: list[ActionIn], minutes_id: int | None = None) -> list[int]:
    ids = []
    for a in actions:
        row = PlanAction(
            case=case_id,
            minutes=minutes_id,
            title=a.title,
            category=a.category,
            owner_professional=a.owner_professional_id,
            owner_is_person=a.owner_is_person,
            due=a.due,
            created_at=now(),
        )
        await row.save()
        ids.append(int(row.id))
    return ids


async def add_action(case_id: int, data: ActionIn, actor: Actor) -> ActionRead:
    await check_actions(case_id, [data])
    async with transaction():
        (action_id,) = await insert_actions(case_id, [data])
        await touch(case_id)
        await record(actor, "create", "plan_action", action_id, case_id=case_id)
    row = await PlanAction.select().where(PlanAction.id == action_id).first()
    assert row is not None
    return action_read(row)


async def review_action(case_id: int, action_id: int, data: ActionReview, actor: Actor) -> ActionRead:
    row = await PlanAction.select().where(PlanAction.id == action_id, PlanAction.case == case_id).first()
    if row is None:
        raise NotFound("action", action_id)
    if data.status in ("not_done", "circumstances_changed") and not data.review_note.strip():
        raise Invalid(
            "Say why the action is unfinished, so the next meeting can decide.",
            [FieldError("review_note", "required when the status is not_done or circumstances_changed")],
        )
    async with transaction():
        await PlanAction.update(
            {
                PlanAction.status: data.status,
                PlanAction.review_note: data.review_note,
                PlanAction.reviewed_at: now(),
            }
        ).where(PlanAction.id == action_id)
        await touch(case_id)
        await record(actor, "review", "plan_action", action_id, case_id=case_id, detail=data.status)
    return action_read({**row, "status": data.status, "review_note": data.review_note})


async def add_note(case_id: int, data: NoteIn, actor: Actor) -> NoteRead:
    async with transaction():
        row = PlanNote(case=case_id, kind=data.kind, category=data.category, text=data.text, created_at=now())
        await row.save()
        await touch(case_id)
        await record(actor, "create", "plan_note", row.id, case_id=case_id)
    return NoteRead(int(row.id), data.kind, data.category, data.text)


async def add_evaluation(case_id: int, data: EvaluationIn, actor: Actor | None) -> EvaluationRead:
    if data.on <= today():
        raise Invalid(
            "An evaluation date is in the future.", [FieldError("on", f"after {today().isoformat()}")]
        )
    async with transaction():
        row = EvaluationDate(case=case_id, on=data.on, purpose=data.purpose, created_at=now())
        await row.save()
        await touch(case_id)
        await record(actor, "create", "evaluation_date", row.id, case_id=case_id)
    return EvaluationRead(int(row.id), data.on, data.purpose, None)


async def plan(case_id: int, access: CaseAccess) -> PlanRead:
    actions = await PlanAction.select().where(PlanAction.case == case_id).order_by(PlanAction.id)
    notes = await PlanNote.select().where(PlanNote.case == case_id).order_by(PlanNote.id)
    evaluations = (
        await EvaluationDate.select().where(EvaluationDate.case == case_id).order_by(EvaluationDate.on)
    )
    hidden = await revealing_professionals(access)
    shown = [a for a in actions if visible(a["category"], access) and a["owner_professional"] not in hidden]
    shown_notes = [n for n in notes if visible(n["category"], access)]
    due = today()
    return PlanRead(
        case_id=case_id,
        actions=[action_read(a) for a in shown],
        to_review=[
            action_read(a)
            for a in shown
            if a["status"] in UNFINISHED and (a["due"] is None or a["due"] <= due)
        ],
        notes=[NoteRead(n["id"], n["kind"], n["category"], n["text"]) for n in shown_notes],
        evaluations=[EvaluationRead(e["id"], e["on"], e["purpose"], e["follow_up"]) for e in evaluations],
        withheld=len(actions) - len(shown) + len(notes) - len(shown_notes),
    )
