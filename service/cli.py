"""The ``concerto`` command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

import service  # noqa: F401  (sets PICCOLO_CONF before any table is imported)
from service.settings import get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="concerto", description="The instance de gestion des cas complexes."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the committed database migrations")
    demo = commands.add_parser("demo", help="load the fictional demo territory")
    demo.add_argument("--if-empty", action="store_true", help="do nothing when a directory is already loaded")
    serve = commands.add_parser("serve", help="serve the API and the pages")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    users = commands.add_parser("users", help="accounts").add_subparsers(dest="users_command", required=True)
    token = users.add_parser("token", help="print a new bearer token for a user")
    token.add_argument("email")
    add = users.add_parser("add", help="create a user")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["admin", "coordinator", "professional"], required=True)
    add.add_argument("--professional", type=int, default=None, help="id of the professional of the directory")
    dispatch = commands.add_parser("dispatch", help="send due messages (runs until stopped)")
    dispatch.add_argument("--once", action="store_true", help="send what is due now, then stop")
    commands.add_parser("remind", help="queue the reminders that have come due")
    commands.add_parser("feeds", help="read every professional's calendar feed now")
    commands.add_parser("replies", help="read one e-mail on standard input and record the iMIP answers in it")
    purge = commands.add_parser("purge", help="delete what is past its retention period")
    purge.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    solve = commands.add_parser(
        "solve", help="solve a scheduling problem file (see the spec)", add_help=False
    )
    solve.add_argument("args", nargs=argparse.REMAINDER)
    return parser


async def _migrate() -> None:
    from service.db import migrate

    await migrate()


async def _demo(if_empty: bool) -> None:
    from service import demo

    await _migrate()
    if if_empty and await demo.is_loaded():
        print("Demo territory already loaded.")
        return
    counts = await demo.load()
    print("Demo territory loaded: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    for email in await demo.coordinators():
        print(f"Make a coordinator token with: .venv/bin/concerto users token {email}")


async def _token(email: str) -> None:
    from service.accounts.tokens import issue_token

    print(await issue_token(email, label="cli"))


async def _add_user(email: str, name: str, role: str, professional: int | None) -> None:
    from service.accounts.tables import User

    await User.insert(User(email=email.lower(), display_name=name, role=role, professional=professional))
    print(f"User {email} created with role {role}.")


async def _remind() -> None:
    from service import db
    from service.followup.jobs import daily

    async with db.connected():
        print(f"{await daily()} reminders queued or follow-up meetings proposed.")


async def _replies(raw: bytes) -> None:
    from service import db
    from service.notify.replies import apply_message

    async with db.connected():
        for outcome in await apply_message(raw):
            print(f"{'recorded' if outcome.recorded else 'ignored'}: {outcome.why}")


async def _feeds() -> None:
    import httpx

    from service import db
    from service.availability.feeds import refresh_all

    async with db.connected(), httpx.AsyncClient() as client:
        for result in await refresh_all(client):
            outcome = f"{result.events} busy times" if result.ok else f"failed: {result.error}"
            print(f"professional {result.professional_id}: {outcome}")


async def _purge(dry_run: bool) -> None:
    from service import db
    from service.clock import now
    from service.followup.retention import purge

    async with db.connected():
        plan = await purge(now(), dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    print(f"{verb} {len(plan.cases)} cases past their retention:")
    for case in plan.cases:
        print(f"  {case['reference']} ({case['status']}, last activity {case['last_activity']:%Y-%m-%d})")
    print(
        f"{verb} {plan.audit_entries} audit entries, {plan.messages} messages, {plan.busy_times} busy times."
    )


def _serve(host: str | None, port: int | None) -> None:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        # Accesses are in the audit log; an access log would also print the signed links that
        # open a person's space.
        access_log=False,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a refused command prints why and exits with 2."""
    from service.errors import DomainError

    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except DomainError as error:
        print(f"concerto: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "migrate":
        asyncio.run(_migrate())
    elif args.command == "demo":
        asyncio.run(_demo(args.if_empty))
    elif args.command == "serve":
        _serve(args.host, args.port)
    elif args.command == "users" and args.users_command == "token":
        asyncio.run(_token(args.email))
    elif args.command == "users" and args.users_command == "add":
        asyncio.run(_add_user(args.email, args.name, args.role, args.professional))
    elif args.command == "dispatch":
        from service.notify.dispatch import run_forever

        asyncio.run(run_forever(once=args.once))
    elif args.command == "remind":
        asyncio.run(_remind())
    elif args.command == "feeds":
        asyncio.run(_feeds())
    elif args.command == "replies":
        asyncio.run(_replies(sys.stdin.buffer.read()))
    elif args.command == "purge":
        asyncio.run(_purge(args.dry_run))
    elif args.command == "solve":
        from solver.cli import main as solve

        return solve(args.args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
