"""The person's space and the professionals' answer page, driven in headless Chromium: the person
confirms, gives half-days, asks for an interpreter, adds remarks, withdraws consent (professionals'
reads then lose what it covered); a professional declines (rescheduling follows). axe-core checks
each page; screenshots at phone and desktop widths go to docs/screenshots/."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from service import clock
from service.consent.tables import Consent, ParticipationRequest
from service.meetings.tables import MeetingParticipant
from service.notify import links
from service.rows import json_value
from tests.service.test_invitations import _confirmed_encounter
from tests.support.served import served
from tests.support.world import World

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"phone": (360, 780), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with served() as url:
        yield url


@pytest.fixture(scope="module")
def browser_ready() -> None:
    if not (os.path.exists(CHROMIUM) and AXE.exists()):
        message = "browser tests need chromium and axe-core: run make browser-deps"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
async def browser(browser_ready: None) -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        await launched.close()


async def accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation."""
    await page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = await page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, impact: v.impact, help: v.help}))"
    )
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


async def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        await page.set_viewport_size({"width": width, "height": height})
        await page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        scroll = await page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} overflows a {width} px screen"


async def _person_page(browser: Browser, base: str, case_id: int) -> Page:
    page = await browser.new_page()
    await page.goto(f"{base}/p/person/{links.sign('person', {'c': case_id})}")
    return page


async def test_the_person_confirms_gives_times_asks_for_an_interpreter_and_withdraws(
    world: World, base: str, browser: Browser
) -> None:
    case_id, meeting = await _confirmed_encounter(world)
    clock.freeze(None)
    before = (await world.as_("carl").get(f"/api/cases/{case_id}")).text
    assert "Quetzalmanche" in before
    page = await _person_page(browser, base, case_id)
    assert await page.locator("h2#next").inner_text() == "Votre prochaine rencontre"
    assert "Bus 3" in await page.content() and "ynthèse" not in await page.content()
    await accessible(page)
    await shoot(page, "person-space")

    await page.get_by_role("button", name="Je viendrai").click()
    await page.wait_for_url("**done=1**")
    assert "Vous avez dit que vous viendrez." in await page.content()
    person = (
        await MeetingParticipant.select()
        .where(
            MeetingParticipant.meeting == meeting["id"],
            MeetingParticipant.is_person == True,  # noqa: E712
        )
        .first()
    )
    assert person is not None and person["response"] == "accepted"

    await page.get_by_label("mardi matin").check()
    await page.get_by_label("jeudi après-midi").check()
    await page.get_by_role("button", name="Envoyer mes disponibilités").click()
    await page.wait_for_url("**done=1**")
    await page.get_by_label("Un interprète, en quelle langue ?").fill("arabe")
    await page.get_by_label("Une salle accessible (fauteuil roulant, pas de marches)").check()
    await page.keyboard.press("Tab")
    await page.get_by_role("button", name="Envoyer ma demande").click()
    await page.wait_for_url("**done=1**")
    request = (
        await ParticipationRequest.select()
        .where(ParticipationRequest.case == case_id)
        .order_by(ParticipationRequest.id, ascending=False)
        .first()
    )
    assert request is not None and request["interpreter_language"] == "arabe" and request["accessible_room"]
    assert sorted(json_value(request["preferred_half_days"])) == ["thu-pm", "tue-am"]

    rows = await page.locator("section[aria-labelledby=access] tbody tr").count()
    assert rows >= 1, "the person sees who read their situation"
    await page.get_by_role("button", name="Retirer mon accord").click()
    await page.wait_for_url("**done=1**")
    assert "Vous avez retiré cet accord" in await page.content()
    await shoot(page, "person-space-after-withdrawal")
    assert await Consent.exists().where(Consent.case == case_id, Consent.fully_withdrawn == True)  # noqa: E712
    after = await world.as_("carl").get(f"/api/cases/{case_id}")
    assert "Quetzalmanche" not in after.text

    await page.get_by_role("link", name="English").click()
    assert await page.locator("h2#next").inner_text() == "Your next meeting"
    await accessible(page)
    await shoot(page, "person-space-english")
    await page.close()


async def test_the_person_adds_remarks_to_the_minutes(world: World, base: str, browser: Browser) -> None:
    case_id, meeting = await _confirmed_encounter(world)
    clock.freeze(datetime.fromisoformat(meeting["end"]) + timedelta(hours=1))
    await world.as_("ana").post(f"/api/meetings/{meeting['id']}/status", {"to": "held", "reason": "tenue"})
    await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/minutes", {"attendance": [{"person": True, "status": "present"}]}
    )
    clock.freeze(None)
    page = await _person_page(browser, base, case_id)
    await page.get_by_role("textbox", name="Vos remarques").fill("Je voudrais un logement près de l'école.")
    await page.get_by_role("button", name="Ajouter mes remarques").click()
    await page.wait_for_url("**done=1**")
    minutes = (await world.as_("ana").get(f"/api/meetings/{meeting['id']}/minutes")).json()
    assert [i["text"] for i in minutes["items"] if i["kind"] == "person_observation"] == [
        "Je voudrais un logement près de l'école."
    ]
    await page.close()


async def test_a_professional_declines_from_the_answer_page(
    world: World, base: str, browser: Browser
) -> None:
    _, meeting = await _confirmed_encounter(world)
    clock.freeze(None)
    carl = (
        await MeetingParticipant.select()
        .where(
            MeetingParticipant.meeting == meeting["id"], MeetingParticipant.professional == world.pros["carl"]
        )
        .first()
    )
    assert carl is not None
    page = await browser.new_page()
    await page.goto(f"{base}/p/answer/{links.sign('answer', {'p': carl['id'], 's': meeting['sequence']})}")
    assert meeting["case_reference"] in await page.content()
    assert "Quetzalmanche" not in await page.content()
    await accessible(page)
    await shoot(page, "answer")
    await page.get_by_role("button", name="Je ne peux pas").click()
    assert "autre date" in await page.content()
    await accessible(page)
    await shoot(page, "answer-recorded")
    moved = (await world.as_("ana").get(f"/api/meetings/{meeting['id']}")).json()
    assert moved["start"] != meeting["start"] and moved["sequence"] > meeting["sequence"]
    await page.close()


async def test_expired_and_tampered_links_explain_what_to_do(
    world: World, base: str, browser: Browser
) -> None:
    clock.freeze(datetime.now(UTC) - timedelta(days=61))
    old = links.sign("person", {"c": 1})
    clock.freeze(None)
    page = await browser.new_page()
    response = await page.goto(f"{base}/p/person/{old}")
    assert response is not None and response.status == 410
    assert "Ce lien a expiré" in await page.content() and "nouveau lien" in await page.content()
    await accessible(page)
    await shoot(page, "link-expired")
    response = await page.goto(f"{base}/p/person/{old[:-4]}AAAA")
    assert response is not None and response.status == 403
    await shoot(page, "link-invalid")
    await page.close()
