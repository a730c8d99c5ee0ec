"""The complexity limits of the architecture (issue #10), checked by `make lint`.

    .venv/bin/python tests/quality/complexity.py

Radon's cyclomatic complexity, per function and method: at most 15 where
code should only hand over (views, the admin, forms, management commands,
models), at most 20 anywhere else in `resolutions/`, the algorithms
included. A function that reads as one step may go up to its limit; past
it, it is doing several things and should say so by being split. Prints
each function over its limit and exits with status 1 if there is one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Function

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "resolutions"
CORE_LIMIT = 20
HANDING_OVER_LIMIT = 15


def limit_for(path: Path) -> int:
    relative = path.relative_to(PACKAGE).as_posix()
    handing_over = (
        relative.startswith(("views", "management/commands/"))
        or relative in {"admin.py", "admin_views.py", "forms.py", "models.py"}
    )
    return HANDING_OVER_LIMIT if handing_over else CORE_LIMIT


def offenders() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        limit = limit_for(path)
        for block in cc_visit(path.read_text(encoding="utf-8")):
            # A class's figure is its methods' average; each method is its own block.
            if isinstance(block, Function) and block.complexity > limit:
                where = path.relative_to(ROOT)
                found.append(f"{where}:{block.lineno} {block.fullname}: {block.complexity} > {limit}")
    return found


if __name__ == "__main__":
    over = offenders()
    print("\n".join(over) or "complexity: every function within its limit")
    sys.exit(1 if over else 0)
