"""Domain errors, mapped once to problem-details responses (RFC 9457)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.exceptions import NotFoundException as RouteNotFound
from litestar.types import ExceptionHandlersMap

PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass
class FieldError:
    """One bad value: where it is and how to fix it."""

    field: str
    message: str


@dataclass
class DomainError(Exception):
    """A request the domain refuses; nothing was changed."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400
    title: str = "Bad request"

    def __str__(self) -> str:
        return self.detail


class Invalid(DomainError):
    """The request is well-formed but breaks a rule (422)."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 422, "Unprocessable request")


class NotFound(DomainError):
    """Unknown id, or an object the caller may not know exists (404)."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"No {what} with id {ident}.", [], 404, "Not found")


class Conflict(DomainError):
    """The request clashes with the current state (409)."""

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 409, "Conflict")


class Forbidden(DomainError):
    """The caller is known but not entitled (403)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 403, "Forbidden")


class Unauthorized(DomainError):
    """No valid credentials (401)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 401, "Unauthorized")


def problem(status: int, title: str, detail: str, errors: list[FieldError] | None = None) -> Response[Any]:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(content=body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _domain_handler(_: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return problem(exc.status, exc.title, exc.detail, exc.errors)


_NAMED_FIELD = re.compile(r"(unknown|missing required) field `([^`]+)`")
_FIXES = {
    "unknown": "this field does not exist or cannot be set by the caller: remove it",
    "missing required": "this field is required: add it",
}


def _field_error(item: dict[str, Any], fallback: str) -> FieldError:
    key = str(item.get("key") or "body").removeprefix("data").lstrip(".") or "body"
    message = str(item.get("message", fallback))
    named = _NAMED_FIELD.search(message)
    if named:
        kind, field = named.groups()
        return FieldError(field if key == "body" else f"{key}.{field}", _FIXES[kind])
    return FieldError(key, message)


def _validation_handler(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = [_field_error(item, str(exc.detail)) for item in exc.extra or [] if isinstance(item, dict)]
    detail = "The request has invalid or unexpected fields; see errors for each one and fix them."
    return problem(422, "Invalid request", detail, errors or [FieldError("body", str(exc.detail))])


def _http_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    titles = {401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed"}
    status = exc.status_code
    return problem(status, titles.get(status, "Error"), str(exc.detail))


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain_handler,
    ValidationException: _validation_handler,
    NotAuthorizedException: _http_handler,
    PermissionDeniedException: _http_handler,
    RouteNotFound: _http_handler,
    HTTPException: _http_handler,
}
