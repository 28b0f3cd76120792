"""The page for a link that expired or was never valid: what happened and how to get a new one."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Template
from litestar.types import ExceptionHandlersMap

from service.notify.links import LinkRefused

TEXTS = {
    "fr": {
        "expired": "Ce lien a expiré",
        "invalid": "Ce lien n'est pas valable",
        "why_expired": "Pour protéger vos informations, les liens ne durent qu'un temps.",
        "why_invalid": "Il est incomplet ou a été modifié. Vérifiez que vous avez copié le lien en entier.",
        "how": "Pour recevoir un nouveau lien, contactez votre référent(e) ou le secrétariat de l'instance, "
        "qui vous l'enverra par e-mail ou par SMS.",
    },
    "en": {
        "expired": "This link has expired",
        "invalid": "This link is not valid",
        "why_expired": "To protect your information, links only last for a while.",
        "why_invalid": "It is incomplete or was altered. Check that you copied the whole link.",
        "how": "To get a new link, contact your key worker or the instance's secretariat, "
        "who will send it by e-mail or text message.",
    },
}


def refused_page(expired: bool, lang: str = "fr") -> Response[Any]:
    words = TEXTS.get(lang, TEXTS["fr"])
    t = {
        "title": words["expired" if expired else "invalid"],
        "why": words["why_expired" if expired else "why_invalid"],
        "how": words["how"],
    }
    return Template("link_refused.html", context={"t": t, "lang": lang}, status_code=410 if expired else 403)


def _link_refused(_: Request[Any, Any, Any], refusal: LinkRefused) -> Response[Any]:
    return refused_page(refusal.expired)


# Every page behind a signed link: a refused link, wherever it is found out, ends the request here.
LINK_PAGE_HANDLERS: ExceptionHandlersMap = {LinkRefused: _link_refused}
