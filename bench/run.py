"""``make bench``: runs every benchmark and rewrites its section of docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import re
import sys
from datetime import date
from pathlib import Path

from bench import dispatch_bench, find_slot_bench, load_bench, solver_bench

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTIONS = {
    "solver": solver_bench.section,
    "find_slot": find_slot_bench.section,
    "dispatcher": dispatch_bench.section,
    "load": load_bench.section,
}


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def write(name: str, body: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n\nRun with `make bench`.\n"
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n_Measured on {date.today().isoformat()}, {machine()}._\n\n{body}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def main(argv: list[str]) -> int:
    chosen = argv or list(SECTIONS)
    for name in chosen:
        write(name, SECTIONS[name]())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
