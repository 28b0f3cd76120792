"""Follow-up over HTTP: minutes filtered by consent, the shared plan and its review, evaluation dates
(reminders queued, a follow-up meeting proposed), closure, purge after retention, masked figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from notifications.tables import OutboxMessage
from service import clock
from service.audit.tables import AuditEntry
from service.cases.tables import Case, PersonIdentity
from service.followup import stats
from service.followup.jobs import daily
from service.followup.retention import purge
from service.meetings.tables import Meeting
from tests.service.test_cli import _concerto
from tests.service.test_scheduling import PARIS
from tests.support.world import World

START = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)


async def _held(world: World, *members: str, consent_for: tuple[str, ...] = ()) -> tuple[int, int]:
    """A case of ``members`` with a synthèse held yesterday; consent for these institutions only."""
    clock.freeze(START)
    body = world.intake(*members)
    if consent_for:
        body["consent"] = world.consent(*consent_for)
    case = (await world.as_("ana").post("/api/cases", body)).json()
    await world.as_("ana").put(f"/api/cases/{case['id']}/referent", {"professional_id": world.pros["ana"]})
    meeting = (
        await world.as_("ana").post(
            f"/api/cases/{case['id']}/meetings",
            {"kind": "synthesis", "required_professional_ids": [world.pros[m] for m in members]},
        )
    ).json()
    start = datetime.combine(date(2027, 2, 3), time(10), tzinfo=PARIS)
    await world.as_("ana").post(f"/api/meetings/{meeting['id']}/confirm", {"start": start.isoformat()})
    clock.freeze(START + timedelta(days=3))
    held = await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/status", {"to": "held", "reason": "tenue"}
    )
    assert held.status_code in (200, 201), held.text
    return case["id"], meeting["id"]


def minutes_body(world: World) -> dict:
    return {
        "attendance": [
            {"professional_id": world.pros["ana"], "status": "present"},
            {"professional_id": world.pros["carl"], "status": "represented", "represented_by": "sa collègue"},
            {"person": True, "status": "present"},
        ],
        "items": [
            {"kind": "decision", "text": "Demande de logement accompagné", "category": "housing"},
            {"kind": "note", "text": "Suivi addictologie en cours", "category": "health"},
            {"kind": "decision", "text": "Prochaine rencontre en mars"},
        ],
        "actions": [
            {"title": "Dossier SIAO", "owner_professional_id": world.pros["ana"], "due": "2027-02-20"},
            {
                "title": "Inscription atelier CV",
                "owner_is_person": True,
                "due": "2027-03-01",
                "category": "employment",
            },
        ],
        "evaluation": {"on": "2027-03-15", "purpose": "point d'étape"},
    }


async def test_minutes_are_filtered_by_what_consent_lets_each_reader_see(world: World) -> None:
    _, meeting_id = await _held(world, "ana", "carl", consent_for=("cd",))
    written = await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", minutes_body(world))
    assert written.status_code == 201, written.text
    by_ana = (await world.as_("ana").get(f"/api/meetings/{meeting_id}/minutes")).json()
    by_carl = (await world.as_("carl").get(f"/api/meetings/{meeting_id}/minutes")).json()
    assert len(by_ana["items"]) == 3 and by_ana["withheld_items"] == 0
    assert [i["text"] for i in by_carl["items"]] == ["Prochaine rencontre en mars"]
    assert by_carl["withheld_items"] == 2
    assert [a["title"] for a in by_carl["actions"]] == ["Dossier SIAO"]
    statuses = {(a["professional_id"], a["status"]) for a in by_ana["attendance"]}
    assert (world.pros["carl"], "represented") in statuses and (None, "present") in statuses
    again = await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", minutes_body(world))
    assert again.status_code == 409
    observation = await world.as_("ana").post(
        f"/api/meetings/{meeting_id}/minutes/observations",
        {"text": "Je préfère un logement près de ma fille."},
    )
    assert observation.status_code == 201 and observation.json()["kind"] == "person_observation"


async def test_minutes_need_a_held_meeting_and_its_participants(world: World) -> None:
    case_id, meeting_id = await _held(world, "ana", "carl")
    other = (
        await world.as_("ana").post(
            f"/api/cases/{case_id}/meetings",
            {"kind": "synthesis", "required_professional_ids": [world.pros["ana"]]},
        )
    ).json()
    not_held = await world.as_("ana").post(f"/api/meetings/{other['id']}/minutes", minutes_body(world))
    assert not_held.status_code == 409 and "held" in not_held.json()["detail"]
    body = minutes_body(world)
    body["attendance"].append({"professional_id": world.pros["eve"], "status": "present"})
    stranger = await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", body)
    assert (
        stranger.status_code == 422
        and stranger.json()["errors"][0]["field"] == "attendance[3].professional_id"
    )
    assert (await world.as_("ana").get(f"/api/meetings/{meeting_id}/minutes")).status_code == 404


async def test_the_plan_reviews_unfinished_actions_with_their_reason(world: World) -> None:
    case_id, meeting_id = await _held(world, "ana", "carl")
    await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", minutes_body(world))
    await world.as_("ana").post(
        f"/api/cases/{case_id}/plan/notes", {"kind": "strength", "text": "Très motivée"}
    )
    clock.freeze(datetime(2027, 2, 25, 8, 0, tzinfo=UTC))
    plan = (await world.as_("ana").get(f"/api/cases/{case_id}/plan")).json()
    assert [a["title"] for a in plan["to_review"]] == ["Dossier SIAO"]
    assert [n["text"] for n in plan["notes"]] == ["Très motivée"]
    action = plan["to_review"][0]["id"]
    url = f"/api/cases/{case_id}/plan/actions/{action}"
    silent = await world.as_("ana").patch(url, {"status": "not_done"})
    assert silent.status_code == 422 and silent.json()["errors"][0]["field"] == "review_note"
    reviewed = await world.as_("ana").patch(
        url, {"status": "circumstances_changed", "review_note": "relogée"}
    )
    assert reviewed.json()["status"] == "circumstances_changed"
    owner = await world.as_("ana").post(
        f"/api/cases/{case_id}/plan/actions", {"title": "x", "owner_professional_id": world.pros["eve"]}
    )
    assert owner.status_code == 422


async def test_evaluation_dates_remind_then_propose_a_meeting(world: World) -> None:
    case_id, meeting_id = await _held(world, "ana", "carl")
    await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", minutes_body(world))
    clock.freeze(datetime(2027, 3, 8, 8, 0, tzinfo=UTC))  # 7 days before 15 March
    await daily()
    reminders = await OutboxMessage.select().where(OutboxMessage.key.like("evaluation:%"))
    assert sorted(r["recipient"] for r in reminders) == ["ana@example.org", "coord@example.org"]
    assert all("lundi 15 mars 2027" in r["text"] for r in reminders)
    await daily()
    assert await OutboxMessage.count().where(OutboxMessage.key.like("evaluation:%")) == 2
    clock.freeze(datetime(2027, 3, 15, 8, 0, tzinfo=UTC))
    await daily()
    alerts = (await world.as_("coord").get("/api/alerts")).json()
    proposed = [a for a in alerts if a["reason"] == "evaluation_due"]
    assert len(proposed) == 1
    follow_up = (await world.as_("ana").get(f"/api/meetings/{proposed[0]['meeting_id']}")).json()
    assert follow_up["status"] == "to_schedule" and follow_up["case_id"] == case_id
    await daily()
    assert await Meeting.count().where(Meeting.case == case_id) == 2


async def test_closure_cancels_what_is_open(world: World) -> None:
    case_id, _ = await _held(world, "ana", "carl")
    await world.as_("coord").post(
        f"/api/cases/{case_id}/transitions", {"to": "accepted", "reason": "recevable"}
    )
    pending = (
        await world.as_("ana").post(
            f"/api/cases/{case_id}/meetings",
            {"kind": "synthesis", "required_professional_ids": [world.pros["ana"]]},
        )
    ).json()
    refused = await world.as_("ana").post(
        f"/api/cases/{case_id}/closure", {"outcome": "x" * 5, "reason": "fin"}
    )
    assert refused.status_code == 403
    closed = await world.as_("coord").post(
        f"/api/cases/{case_id}/closure", {"outcome": "Relogée, en emploi", "reason": "objectifs atteints"}
    )
    assert closed.status_code == 200, closed.text
    case = (await world.as_("coord").get(f"/api/cases/{case_id}")).json()
    assert case["status"] == "closed"
    assert (await world.as_("ana").get(f"/api/meetings/{pending['id']}")).json()["status"] == "cancelled"
    twice = await world.as_("coord").post(
        f"/api/cases/{case_id}/closure", {"outcome": "bis", "reason": "fin"}
    )
    assert twice.status_code == 409


async def test_purge_dry_run_then_real_after_retention(world: World) -> None:
    case_id, meeting_id = await _held(world, "ana", "carl")
    await world.as_("ana").post(f"/api/meetings/{meeting_id}/minutes", minutes_body(world))
    await world.as_("coord").post(
        f"/api/cases/{case_id}/transitions", {"to": "accepted", "reason": "recevable"}
    )
    await world.as_("coord").post(f"/api/cases/{case_id}/closure", {"outcome": "Relogée", "reason": "fin"})
    keep = (await world.as_("ana").post("/api/cases", world.intake("ana", "carl"))).json()
    one_year = clock.now() + timedelta(days=365)
    assert (await purge(one_year, dry_run=True)).cases == []
    later = clock.now() + timedelta(days=731)
    clock.freeze(later)
    code, out, _ = await _concerto("purge", "--dry-run")
    assert code == 0 and "Would delete 0 cases" in out  # the subprocess's clock is the real one
    plan = await purge(later, dry_run=True)
    assert [c["id"] for c in plan.cases] == [case_id]
    assert await Case.exists().where(Case.id == case_id)
    done = await purge(later, dry_run=False)
    assert [c["id"] for c in done.cases] == [case_id]
    assert not await Case.exists().where(Case.id == case_id)
    assert not await PersonIdentity.exists().where(PersonIdentity.case == case_id)
    assert await Case.exists().where(Case.id == keep["id"])
    assert await AuditEntry.exists().where(AuditEntry.case_id == case_id), "the audit keeps its own period"


def test_every_table_of_a_case_is_purged() -> None:
    from piccolo.conf.apps import Finder

    from service.followup.retention import CASE_TABLES

    owned = {"Case", "Meeting", "Minutes", "ParticipationRequest", "CourtEvent"}
    tables = [
        t
        for t in Finder().get_table_classes()
        if any(c._foreign_key_meta.resolved_references.__name__ in owned for c in t._meta.foreign_key_columns)
    ]
    missing = {t.__name__ for t in tables} - {t.__name__ for t in CASE_TABLES}
    assert not missing, f"purge forgets {sorted(missing)}"


async def test_figures_mask_small_counts(world: World) -> None:
    for _ in range(5):
        await _held(world, "ana", "carl")
    await _held(world, "ana", "carl")
    figures = (await world.as_("coord").get("/api/stats")).json()
    assert figures["cases"]["total"] == 6
    assert figures["cases"]["by_status"] == {"submitted": 6}
    assert figures["intake_to_first_synthesis"]["cases"] == 6
    assert figures["intake_to_first_synthesis"]["median_days"] == 2.0
    assert figures["participation"]["by_mode"] == {"not_requested": 6}
    assert figures["referents"]["chosen_by_the_person"] == 6
    assert figures["court_deadlines"]["held_with_a_deadline"] == 0
    assert figures["court_deadlines"]["held_before_deadline_percent"] == "<5"
    assert stats.mask(4) == "<5" and stats.mask(0) == 0 and stats.mask(5) == 5
    csv = await world.as_("admin").get("/api/stats/export.csv")
    assert csv.status_code == 200 and "cases.total,6" in csv.text
    svg = await world.as_("coord").get("/api/stats/delays.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<rect" in svg.text
    assert (await world.as_("ana").get("/api/stats")).status_code == 403
