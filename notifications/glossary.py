"""Acronyms spelled out for the person, and the institutions a message must never name."""

from __future__ import annotations

import re

GLOSSARY = {
    "ASE": "l'Aide sociale à l'enfance",
    "CAF": "la Caisse d'allocations familiales (CAF)",
    "CCAS": "le Centre communal d'action sociale (CCAS) de la mairie",
    "CESF": "conseillère ou conseiller en économie sociale et familiale",
    "CHRS": "le Centre d'hébergement et de réinsertion sociale (CHRS)",
    "CMP": "le Centre médico-psychologique (CMP)",
    "CPAM": "l'Assurance maladie (CPAM)",
    "IAE": "l'insertion par l'activité économique",
    "MDPH": "la Maison départementale des personnes handicapées (MDPH)",
    "PLIE": "le Plan local pour l'insertion et l'emploi (PLIE)",
    "RSA": "le Revenu de solidarité active (RSA)",
    "SIAO": "le Service intégré de l'accueil et de l'orientation (SIAO), pour le logement",
    "SSD": "le service social du Département",
    "SSP": "le service social polyvalent",
}

# Kinds of institution whose very name tells a situation, and the category it reveals: a SPIP or PJJ
# reveals a justice measure, a hospital care. Messages say "un professionnel qui vous accompagne"
# instead; the service lists them only to readers of that category.
REVEALING_KINDS = {"spip": "justice", "pjj": "justice", "hospital": "health"}

INSTITUTION_WORDS = {
    "departement": "du Département",
    "france_travail": "de France Travail (le service public de l'emploi)",
    "caf": "de la Caisse d'allocations familiales (CAF)",
    "cpam": "de l'Assurance maladie (CPAM)",
    "siao": "du service d'accueil et d'orientation pour le logement (SIAO)",
    "chrs": "du centre d'hébergement (CHRS)",
    "association": "d'une association",
    "school": "de l'établissement scolaire",
    "town": "de la mairie (CCAS)",
}

_ACRONYM = re.compile(r"\b[A-Z]{3,5}\b")


def expand(text: str) -> str:
    """Spell out the acronyms of the glossary the first time they appear."""
    seen: set[str] = set()

    def spell(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in GLOSSARY and word not in seen:
            seen.add(word)
            return GLOSSARY[word]
        return word

    return _ACRONYM.sub(spell, text)


def role_words(profession: str, institution_kind: str, is_referent: bool) -> str:
    """How the person's message names someone who will be there: a role, never a name."""
    if is_referent:
        return "votre référent(e)"
    if institution_kind in REVEALING_KINDS:
        return "un professionnel qui vous accompagne"
    where = INSTITUTION_WORDS.get(institution_kind, "")
    return expand(f"{profession.lower()} {where}".strip())
