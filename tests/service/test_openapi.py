"""The OpenAPI schema is served and complete: every route, every model."""

from __future__ import annotations

from litestar import Litestar

from service.app import create_app
from tests.support.world import World


def _routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        for method in getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}:
            found.add((route.path, method.lower()))
    return found


async def test_every_route_is_in_the_schema(world: World) -> None:
    schema = (await world.anonymous.get("/schema/openapi.json")).json()
    documented = {
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    # Pages behind signed links (/p/) and static files are HTML for people, not part of the API.
    expected = {(p, m) for p, m in _routes(create_app()) if not p.startswith(("/schema", "/p/", "/static/"))}
    normalised = {(p.replace(":int}", "}").replace(":str}", "}"), m) for p, m in expected}
    assert normalised <= documented
    assert {"CaseCreate", "CaseRead", "ProfessionalCreate", "RoomRead", "AuditRead"} <= set(
        schema["components"]["schemas"]
    )
    assert "BearerToken" in schema["components"]["securitySchemes"]
