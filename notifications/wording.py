"""What the messages say: short, in French, with nothing that identifies the person.

Professionals read "Synthèse — situation CC-2026-0042"; the person reads about a "rencontre", with
the date written out, the place, how to get there and who will be there by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from notifications.calendar import PARIS

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
KIND_WORDS = {
    "synthesis": "Synthèse",
    "preparation": "Temps de préparation",
    "encounter": "Rencontre",
    "session_slot": "Séance de l'instance",
}


def long_day(moment: datetime) -> str:
    """'mardi 1er décembre 2026', Paris time."""
    local = moment.astimezone(PARIS)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{DAYS[local.weekday()]} {day} {MONTHS[local.month - 1]} {local.year}"


def long_date(moment: datetime) -> str:
    """'mardi 8 décembre 2026 à 10 h 00', Paris time."""
    local = moment.astimezone(PARIS)
    return f"{long_day(local)} à {local:%H} h {local:%M}"


def duration_words(minutes: int) -> str:
    """'1 h 30', '45 minutes', '2 heures'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    if not rest:
        return "1 heure" if hours == 1 else f"{hours} heures"
    return f"{hours} h {rest:02d}"


@dataclass(frozen=True)
class Place:
    """Where a meeting is held, as the messages may show it."""

    name: str = ""
    address: str = ""
    access: str = ""
    video: bool = False

    def line(self) -> str:
        if self.video:
            return "en visioconférence (le lien est sur la page de la réunion)"
        return ", ".join(p for p in (self.name, self.address) if p)


@dataclass(frozen=True)
class Text:
    subject: str
    text: str
    html: str


def _html(paragraphs: list[str], link: str, button: str) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="fr"><body style="font-family:sans-serif;font-size:16px">'
        f'{body}<p><a href="{escape(link)}">{escape(button)}</a></p></body></html>'
    )


def professional_invitation(
    kind: str, reference: str, start: datetime, minutes: int, place: Place, link: str, required: bool
) -> Text:
    """An invitation for a professional: the situation's reference, never a name."""
    title = f"{KIND_WORDS.get(kind, 'Réunion')} — situation {reference}"
    paragraphs = [
        "Bonjour,",
        f"Vous êtes invité(e) : {title}.",
        f"Le {long_date(start)}, pendant {duration_words(minutes)}.",
        f"Lieu : {place.line()}.",
        "Votre présence est requise." if required else "Votre présence est souhaitée, sans être requise.",
        "Pour répondre (accepter, décliner, peut-être) : " + link,
        "Le détail de la situation se consulte dans l'application, après connexion.",
    ]
    return Text(title, "\n\n".join(paragraphs) + "\n", _html(paragraphs[:-2], link, "Répondre"))


def professional_cancellation(kind: str, reference: str, start: datetime) -> Text:
    title = f"Annulé : {KIND_WORDS.get(kind, 'Réunion')} — situation {reference}"
    paragraphs = ["Bonjour,", f"La réunion du {long_date(start)} est annulée.", "Merci de votre attention."]
    return Text(title, "\n\n".join(paragraphs) + "\n", _html(paragraphs, "", ""))


def professional_reminder(kind: str, reference: str, start: datetime, place: Place, link: str) -> Text:
    title = f"Rappel : {KIND_WORDS.get(kind, 'Réunion')} — situation {reference}"
    paragraphs = ["Bonjour,", f"Rappel : le {long_date(start)}.", f"Lieu : {place.line()}."]
    return Text(title, "\n\n".join([*paragraphs, link]) + "\n", _html(paragraphs, link, "Voir la réunion"))


def person_invitation(start: datetime, minutes: int, place: Place, who: list[str], link: str) -> Text:
    """The person's invitation to their own rencontre, in short sentences."""
    paragraphs = [
        "Bonjour,",
        "Vous êtes invité(e) à une rencontre pour parler de votre accompagnement, avec vous.",
        f"Quand : le {long_date(start)}. La rencontre dure environ {duration_words(minutes)}.",
        f"Où : {place.line()}.",
    ]
    if place.access and not place.video:
        paragraphs.append(f"Comment venir : {place.access}")
    if who:
        paragraphs.append("Qui sera là : " + " ; ".join(who) + ".")
    paragraphs += [
        "Vous pouvez venir avec une personne de votre choix.",
        "Sur votre page, vous pouvez dire si vous venez, demander un autre moment, "
        "demander un interprète ou une salle accessible.",
    ]
    text = "\n\n".join([*paragraphs, f"Votre page : {link}"]) + "\n"
    return Text("Votre rencontre", text, _html(paragraphs, link, "Ouvrir ma page"))


def person_sms(start: datetime, place: Place, link: str) -> str:
    """At most two SMS: the date, the place, the link."""
    where = "en visio" if place.video else place.name or place.address
    return f"Rencontre le {long_date(start)}, {where}. Répondre ou changer : {link}"


def person_reminder_sms(start: datetime, place: Place, link: str) -> str:
    where = "en visio" if place.video else place.name or place.address
    return f"Rappel : rencontre le {long_date(start)}, {where}. Votre page : {link}"


def dated_reminder(what: str, reference: str, on: datetime, link: str) -> Text:
    """Evaluation date, court deadline, consent review: the reference and the date only."""
    title = f"Rappel : {what} — situation {reference}"
    paragraphs = ["Bonjour,", f"{what[0].upper()}{what[1:]} le {long_day(on)}."]
    return Text(
        title, "\n\n".join([*paragraphs, link]) + "\n", _html(paragraphs, link, "Ouvrir la situation")
    )
