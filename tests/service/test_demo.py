"""The demo territory loads, follows the rules it demonstrates, and can be used at once."""

from __future__ import annotations

from service import demo
from service.accounts.tokens import issue_token
from service.cases.tables import Case, CaseMember
from service.directory.tables import Institution, Professional, Room


async def test_demo_territory_loads_and_is_usable(client) -> None:  # type: ignore[no-untyped-def]
    assert not await demo.is_loaded()
    counts = await demo.load()
    assert counts == {
        "institutions": 8,
        "professionals": 30,
        "rooms": 4,
        "users": counts["users"],
        "cases": 12,
        "past cases": 48,
    }
    assert await demo.is_loaded()
    assert len({row["kind"] for row in await Institution.select(Institution.kind)}) == 8
    assert await Room.count() == 4 and await Professional.count() == 30
    statuses = {row["status"] for row in await Case.select(Case.status)}
    assert statuses == {"submitted", "accepted", "active", "declined", "redirected", "closed", "archived"}
    for case in await Case.select(Case.id):
        members = await CaseMember.select(CaseMember.professional.institution).where(
            CaseMember.case == case["id"]
        )
        assert len({m["professional.institution"] for m in members}) >= 2
    coordinator = (await demo.coordinators())[0]
    token = await issue_token(coordinator)
    listed = await client.get("/api/cases", headers={"Authorization": f"Bearer {token}"})
    assert len(listed.json()) == 60
    references = [c["reference"] for c in listed.json()]
    assert len(set(references)) == 60 and all(r.startswith("CC-20") for r in references)


async def test_demo_figures_say_something_and_the_chart_renders(client) -> None:  # type: ignore[no-untyped-def]
    await demo.load()
    token = await issue_token((await demo.coordinators())[0])
    headers = {"Authorization": f"Bearer {token}"}
    figures = (await client.get("/api/stats", headers=headers)).json()
    delays = figures["intake_to_first_synthesis"]
    assert isinstance(delays["median_days"], float) and delays["p90_days"] > delays["median_days"]
    assert isinstance(figures["court_deadlines"]["held_before_deadline_percent"], float)
    assert 0 < figures["court_deadlines"]["held_before_deadline_percent"] < 100
    assert isinstance(figures["participation"]["took_part_percent"], float)
    assert isinstance(figures["referents"]["chosen_percent"], float)
    svg = (await client.get("/api/stats/delays.svg", headers=headers)).text
    assert svg.count("<rect") >= 4
