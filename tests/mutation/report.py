"""Mutation testing of the core modules, each against its own test files.

    .venv/bin/python tests/mutation/report.py               # every module (what `make mutate` runs)
    .venv/bin/python tests/mutation/report.py alignment.py  # some of them
    .venv/bin/python tests/mutation/report.py --table       # the table of the last run, nothing run

For each module, mutmut (pinned in requirements-mutation.txt) runs in a
workspace of its own, mutants/<module>/, with one worker, so that one
module's mutants are judged by that module's tests alone and runs never
share state. Then it prints one table:

    module | mutants | killed | survived | timed out | equivalent | score

"survived" counts every mutant no test failed on (mutmut's "survived" and
"no tests"), less the equivalent ones listed in tests/mutation/equivalent.txt,
each with the reason no test can kill it. The score is killed / (mutants -
equivalent): a timed-out mutant is not counted as killed. The surviving
mutants of each module are listed after the table; `mutmut show NAME`, run in
mutants/<module>/, shows one.

Not part of `make test` or CI: it takes about half an hour.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "mutants"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent.txt"
# What the tests need besides the package and the tests themselves.
SHARED = ("resolutions", "tests", "config", "fixtures", "templates", "static", "manage.py", "pyproject.toml")


@dataclass(frozen=True)
class Module:
    name: str
    path: str
    tests: tuple[str, ...]

    @property
    def workspace(self) -> Path:
        return WORK / self.name.removesuffix(".py").replace("/", "-")


MODULES = (
    Module(
        "redline.py",
        "resolutions/redline.py",
        ("tests/test_redline.py", "tests/test_redline_rules.py", "tests/test_redline_agreement.py"),
    ),
    Module(
        "output/pieces.py",
        "resolutions/output/pieces.py",
        (
            "tests/test_redline.py",
            "tests/test_redline_rules.py",
            "tests/test_output_pieces.py",
            "tests/test_output_html.py",
        ),
    ),
    Module(
        "alignment.py",
        "resolutions/alignment.py",
        ("tests/test_alignment.py", "tests/test_alignment_rules.py", "tests/test_shapes.py"),
    ),
    Module(
        "parsing/structure.py",
        "resolutions/parsing/structure.py",
        ("tests/test_parsing_structure.py", "tests/test_shapes.py", "tests/test_structure_rules.py"),
    ),
    Module(
        "document.py",
        "resolutions/document.py",
        (
            "tests/test_document_paths.py",
            "tests/test_parsing_structure.py",
            "tests/test_shapes.py",
            "tests/test_structure_rules.py",
        ),
    ),
)

# Exit codes of a mutant's test run, as mutmut records them, by column.
KILLED = {1, 3, 37, -11, -9}  # a test failed or errored; the type checker; a crash
TIMED_OUT = {36, -24, 24, 152, 255}


def equivalent_mutants() -> dict[str, str]:
    """Mutant name -> why no test can kill it, from equivalent.txt."""
    listed: dict[str, str] = {}
    for number, line in enumerate(EQUIVALENT.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            raise SystemExit(f"{EQUIVALENT.name}, line {number}: {name} needs a reason")
        if name in listed:
            raise SystemExit(f"{EQUIVALENT.name}, line {number}: {name} is listed twice")
        listed[name] = reason.strip()
    return listed


def prepare(module: Module) -> list[str]:
    """A fresh workspace whose mutmut configuration names this module and its tests."""
    tests = [test for test in module.tests if (ROOT / test).exists()]
    missing = sorted(set(module.tests) - set(tests))
    if missing:
        print(f"{module.name}: not there yet, left out: {', '.join(missing)}")
    shutil.rmtree(module.workspace, ignore_errors=True)
    module.workspace.mkdir(parents=True)
    for name in SHARED:
        (module.workspace / name).symlink_to(ROOT / name)
    lines = [
        "[mutmut]",
        "source_paths = resolutions",
        f"only_mutate = {module.path}",
        "pytest_add_cli_args_test_selection =",
        *(f"    {test}" for test in tests),
        # A fixed seed: a property test must kill or spare a mutant the same way every run.
        "pytest_add_cli_args =",
        "    -p",
        "    no:cacheprovider",
        "    --hypothesis-seed=0",
        "also_copy =",
        *(f"    {name}" for name in SHARED if name not in ("resolutions", "tests", "pyproject.toml")),
        "use_git_change_detection = false",
    ]
    (module.workspace / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tests


def run(module: Module) -> None:
    prepare(module)
    log = module.workspace / "mutmut.log"
    print(f"{module.name}: mutmut run --max-children 1 (its output in {log.relative_to(ROOT)})", flush=True)
    # One worker: the machine is shared with other engineers' test runs.
    with log.open("w", encoding="utf-8") as output:
        result = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", "1"],
            cwd=module.workspace,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode:
        print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
        raise SystemExit(f"{module.name}: mutmut run failed (exit status {result.returncode})")


def exit_codes(module: Module) -> dict[str, int | None]:
    meta = module.workspace / "mutants" / (module.path + ".meta")
    if not meta.exists():
        raise SystemExit(f"{module.name}: no results in {meta.relative_to(ROOT)}; run it first")
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


@dataclass(frozen=True)
class Row:
    module: str
    mutants: int
    killed: int
    survived: tuple[str, ...]
    timed_out: tuple[str, ...]
    equivalent: tuple[str, ...]
    # Listed as equivalent, yet killed: the list is out of date.
    stale: tuple[str, ...]

    @property
    def score(self) -> float:
        judged = self.mutants - len(self.equivalent)
        return self.killed / judged if judged else 1.0


def row(module: Module, listed: dict[str, str]) -> Row:
    codes = exit_codes(module)
    kinds = Counter()
    survived, timed_out, equivalent, stale = [], [], [], []
    for name, code in sorted(codes.items()):
        if code in KILLED:
            kinds["killed"] += 1
            if name in listed:
                stale.append(name)
        elif code in TIMED_OUT:
            timed_out.append(name)
        elif name in listed:
            equivalent.append(name)
        else:  # survived, no test reached it, or not run
            survived.append(name)
    return Row(
        module.name,
        len(codes),
        kinds["killed"],
        tuple(survived),
        tuple(timed_out),
        tuple(equivalent),
        tuple(stale),
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| module | mutants | killed | survived | timed out | equivalent | score |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| `{r.module}` | {r.mutants} | {r.killed} | {len(r.survived)} | {len(r.timed_out)}"
            f" | {len(r.equivalent)} | {r.score:.1%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module names as in the table (default: all)")
    parser.add_argument("--table", action="store_true", help="print the last run's table, run nothing")
    args = parser.parse_args()
    names = {module.name: module for module in MODULES}
    unknown = [name for name in args.modules if name not in names]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}: choose from {', '.join(names)}")
    chosen = [names[name] for name in args.modules] or list(MODULES)
    listed = equivalent_mutants()
    if not args.table:
        for module in chosen:
            run(module)
    rows = [row(module, listed) for module in chosen]
    print()
    print(table(rows))
    for r in rows:
        if r.survived or r.timed_out:
            print(f"\n{r.module}: survived {len(r.survived)}, timed out {len(r.timed_out)}")
            for name in r.survived:
                print(f"  survived  {name}")
            for name in r.timed_out:
                print(f"  timed out {name}")
        for name in r.stale:
            print(f"\n{r.module}: {name} is listed as equivalent but was killed: take it off the list")
    mutants = {name for module in chosen for name in exit_codes(module)}
    prefixes = tuple(module.path.removesuffix(".py").replace("/", ".") + "." for module in chosen)
    for name in sorted(name for name in listed if name.startswith(prefixes) and name not in mutants):
        print(f"\n{name} is listed as equivalent but is no mutant of this run: take it off the list")


if __name__ == "__main__":
    main()
