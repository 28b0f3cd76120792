"""Messages in plain French, with nothing that names the person or reveals a situation."""

from __future__ import annotations

from datetime import datetime

from notifications.glossary import expand, role_words
from notifications.wording import PARIS, Place, duration_words, long_date, person_invitation, person_sms

START = datetime(2026, 12, 1, 14, 30, tzinfo=PARIS)


def test_dates_are_written_out() -> None:
    assert long_date(START) == "mardi 1er décembre 2026 à 14 h 30"
    assert long_date(datetime(2027, 3, 8, 9, 0, tzinfo=PARIS)) == "lundi 8 mars 2027 à 09 h 00"


def test_durations() -> None:
    assert duration_words(90) == "1 h 30"
    assert duration_words(45) == "45 minutes"
    assert duration_words(120) == "2 heures"


def test_acronyms_are_spelled_out_once() -> None:
    text = expand("La CAF et la CAF")
    assert text.startswith("La la Caisse d'allocations familiales (CAF)")
    assert text.endswith("et la CAF")


def test_revealing_institutions_become_a_neutral_role() -> None:
    assert role_words("Conseillère pénitentiaire d'insertion et de probation", "spip", False) == (
        "un professionnel qui vous accompagne"
    )
    assert role_words("Infirmier", "hospital", False) == "un professionnel qui vous accompagne"
    assert role_words("Assistante sociale", "departement", True) == "votre référent(e)"
    assert "France Travail" in role_words("Conseiller emploi", "france_travail", False)


def test_the_person_reads_rencontre_never_synthese() -> None:
    place = Place(name="Maison des solidarités", address="3 rue des Lilas, 67000 Strasbourg", access="Tram A")
    text = person_invitation(START, 90, place, ["votre référent(e)"], "https://x/p/person/t")
    assert "rencontre" in text.text and "ynthèse" not in text.text + text.html + text.subject
    assert "mardi 1er décembre 2026 à 14 h 30" in text.text
    assert "Tram A" in text.text and "votre référent(e)" in text.text
    sms = person_sms(START, place, "https://x/p/person/t")
    assert len(sms) <= 320 and "ynthèse" not in sms
