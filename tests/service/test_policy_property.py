"""Over random histories of consents, withdrawals and memberships, a reader sees a category only
while they are an active member (or the coordinator) and a consent in force covers their
institution for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.accounts.actor import Actor
from service.audit.tables import AuditEntry
from service.cases.tables import Case, CaseMember, PersonIdentity
from service.consent import service as consent_service
from service.consent.schemas import ConsentIn, Withdrawal
from service.consent.tables import Consent
from service.directory.tables import Institution, Professional
from service.policy import CATEGORIES, case_access

PEOPLE = ("p0", "p1", "p2")  # p0, p1 at institution i0; p2 at institution i1
CATEGORY = st.sampled_from(CATEGORIES)
give = st.tuples(
    st.just("give"), st.frozensets(CATEGORY, min_size=1), st.frozensets(st.sampled_from((0, 1)), min_size=1)
)
withdraw = st.tuples(st.just("withdraw"), st.integers(0, 5), st.frozensets(CATEGORY))
join = st.tuples(st.just("join"), st.sampled_from(PEOPLE), st.just(None))
leave = st.tuples(st.just("leave"), st.sampled_from(PEOPLE), st.just(None))
read = st.tuples(st.just("read"), st.sampled_from(PEOPLE), st.just(None))
OPERATIONS = st.lists(st.one_of(give, withdraw, join, leave, read), min_size=3, max_size=12)


@dataclass
class Model:
    """What the rules say, kept in plain Python beside the database."""

    consents: list[dict] = field(default_factory=list)
    members: set[str] = field(default_factory=set)

    def visible(self, who: str, institution: int) -> set[str]:
        if who not in self.members:
            return set()
        seen: set[str] = set()
        for c in self.consents:
            if not c["full"] and institution in c["institutions"]:
                seen |= c["categories"] - c["withdrawn"]
        return seen


async def _world() -> tuple[int, dict[str, Actor], list[int]]:
    institutions = []
    for name in ("i0", "i1"):
        row = Institution(name=name, kind="other")
        await row.save()
        institutions.append(row.id)
    actors, pros = {}, {}
    for i, who in enumerate(PEOPLE):
        pro = Professional(
            first_name=who,
            last_name="T",
            profession="x",
            institution=institutions[min(i // 2, 1)],
            email=f"{who}@example.org",
        )
        await pro.save()
        pros[who] = pro.id
        actors[who] = Actor(
            user_id=i + 1,
            email=f"{who}@example.org",
            role="professional",
            professional_id=pro.id,
            institution_id=institutions[min(i // 2, 1)],
        )
    case = Case(
        reference="CC-2026-9999", person_ref="PA-TESTXX", question="q" * 12, referring_professional=pros["p0"]
    )
    await case.save()
    await PersonIdentity.insert(PersonIdentity(case=case.id, first_name="A", last_name="B", person_key="k"))
    return case.id, actors, institutions


async def _clear() -> None:
    for table in (Consent, CaseMember, PersonIdentity, AuditEntry, Case, Professional, Institution):
        await table.delete(force=True)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
async def test_reads_follow_membership_and_consent(operations: list, migrated: None) -> None:
    await _clear()
    case_id, actors, institutions = await _world()
    model = Model()
    yesterday = date.today() - timedelta(days=1)
    for op, a, b in operations:
        if op == "give":
            body = ConsentIn(
                categories=sorted(a),
                institution_ids=[institutions[i] for i in sorted(b)],
                notice_version="v1",
                method="signed_form",
            )
            consent_id = await consent_service.insert_consent(case_id, body, None)
            model.consents.append(
                {
                    "id": consent_id,
                    "categories": set(a),
                    "withdrawn": set(),
                    "institutions": {institutions[i] for i in b},
                    "full": False,
                }
            )
        elif op == "withdraw" and model.consents:
            target = model.consents[a % len(model.consents)]
            if target["full"]:
                continue
            stray = set(b) - target["categories"]
            await consent_service.withdraw(
                case_id,
                target["id"],
                Withdrawal(method="signed_form", categories=sorted(set(b) - stray)),
                None,
            )
            if b - stray:
                target["withdrawn"] |= set(b) - stray
            else:
                target["full"] = True
        elif op == "join" and a not in model.members:
            await CaseMember.insert(
                CaseMember(case=case_id, professional=actors[a].professional_id, role="r", since=yesterday)
            )
            model.members.add(a)
        elif op == "leave" and a in model.members:
            await CaseMember.update({CaseMember.until: yesterday}).where(
                CaseMember.case == case_id,
                CaseMember.professional == actors[a].professional_id,
                CaseMember.until.is_null(),
            )
            model.members.discard(a)
        elif op == "read":
            access = await case_access(actors[a], case_id)
            expected = model.visible(a, actors[a].institution_id or 0)
            assert set(access.categories) == expected
            assert access.can_read == (a in model.members)
