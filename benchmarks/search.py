"""Search figures for docs/performance.md, on the large fictional vault (200,000 notes).

- `vault.search.search` through a `SearchSession` as the search screen runs it (one thread,
  its connection kept warm), cold (first query after unlock) and warm (median), for common
  words, prefixes typed letter by letter, a rare word, the most frequent words of the index
  (worst case) and with each kind of filter;
- the same top 50 with a single join + snippet + ORDER BY bm25 query, measured in the same
  run, as the reference the design rejects;
- whole process: open the vault and print the top 50 with snippets, against `jrnl` searching
  an encrypted journal of 10,000 of the same notes (ratio), when a jrnl executable is given.

Run: `uv run python benchmarks/search.py [--runs 7] [--dir /tmp/epc-large]
      [--jrnl /path/to/venv/bin/jrnl]`
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Samples, measure, ratio, table  # noqa: E402
from benchmarks.fictional_vault import DEFAULT_PASSPHRASE, ensure_vault  # noqa: E402

from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.search import (  # noqa: E402
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchFilters,
    all_themes,
    match_expression,
)
from epc_tui.vault.search_session import SearchSession  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

SINGLE_QUERY = (
    "SELECT s.rowid, snippet(search_index, 1, '[', ']', '…', 16) FROM search_index s "
    "WHERE search_index MATCH ? ORDER BY bm25(search_index) LIMIT 50"
)

EPC_PROCESS = """
import sys
from pathlib import Path
from epc_tui.vault.kdf import FLOOR
from epc_tui.vault.paths import VaultPaths
from epc_tui.vault.search import search
from epc_tui.vault.vault import Vault
vault = Vault(VaultPaths(Path(sys.argv[1])), kdf=FLOOR)
vault.unlock(sys.argv[2])
for hit in search(vault, sys.argv[3]):
    print(hit.person_name, hit.snippet)
vault.release()
"""


def single_query(vault: Vault, text: str) -> None:
    """The rejected design: one query joining rank, snippet and sort."""
    with vault.connected():
        list(vault.database.execute_sql(SINGLE_QUERY, [match_expression(text)]))


def frequent_words(vault: Vault, count: int) -> list[str]:
    """The most frequent words of the index (every note holds them: the worst case)."""
    with vault.connected():
        vault.database.execute_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
            "USING fts5vocab(main, search_index, 'row')"
        )
        rows = vault.database.execute_sql(
            "SELECT term FROM temp.search_vocab ORDER BY doc DESC LIMIT ?", [count]
        )
        return [str(row[0]) for row in rows]


def a_theme(vault: Vault) -> str:
    """A theme used in notes (the first in alphabetical order)."""
    themes = all_themes(vault)
    return themes[0] if themes else "famille"


def a_rare_name(vault: Vault) -> str:
    """The family name of one person (a word found in few rows)."""
    with vault.connected():
        row = vault.database.execute_sql("SELECT full_name FROM person LIMIT 1 OFFSET 4321")
        return str(row.fetchone()[0]).split()[-1]


def cold_first(
    vault: Vault,
    text: str,
    filters: SearchFilters | None = None,
    before: SearchFilters | None = None,
) -> float:
    """Seconds for the first search after reopening the vault (page cache of SQLCipher empty),
    or for the one right after the search with `before`'s filters when given."""
    vault.lock()
    vault.unlock(DEFAULT_PASSPHRASE)
    session = SearchSession(vault)
    if before is not None:
        session.search(text, before)
    began = time.perf_counter()
    session.search(text, filters)
    elapsed = time.perf_counter() - began
    session.close()
    return elapsed


def right_after(
    session: SearchSession, text: str, filters: SearchFilters, before: SearchFilters, runs: int
) -> Samples:
    """The search with `filters` timed right after one with `before` on the same session,
    each time (a coach changing the filter: the first search's pages fill the cache)."""
    values = []
    for _ in range(runs + 1):
        session.search(text, before)
        began = time.perf_counter()
        session.search(text, filters)
        values.append(time.perf_counter() - began)
    return Samples(tuple(values[1:]))


def in_process(vault: Vault, runs: int, filters_only: bool = False) -> list[list[object]]:
    """Rows of the in-process table (only the filtered searches when asked)."""
    month = SearchFilters(start=_date("2026-10-01"), end=_date("2026-10-31"))
    theme = a_theme(vault)
    after_month = f"`fatigue`, a theme right after one month (theme `{theme}`)"
    befores = {after_month: month}
    common = ["fatigue", "nausees", "anxiete"]
    worst = frequent_words(vault, 2)
    rare = a_rare_name(vault)
    rows: list[list[object]] = []
    cases: list[tuple[str, str, SearchFilters | None]] = [
        *[(f"common word `{w}`", w, None) for w in common],
        *[(f"typing `{p}`", p, None) for p in ("a", "an", "anx", "anxi", "anxie")],
        (f"rare word (a family name) `{rare}`", rare, None),
        *[(f"most frequent word `{w}` (worst case)", w, None) for w in worst],
        ("`fatigue`, one person", "fatigue", SearchFilters(person_id=4242)),
        (
            "`fatigue`, one month",
            "fatigue",
            SearchFilters(start=_date("2026-10-01"), end=_date("2026-10-31")),
        ),
        ("`fatigue`, flag safety net", "fatigue", SearchFilters(flag="safety_net")),
        ("`fatigue`, flag relay", "fatigue", SearchFilters(flag="relay")),
        (
            "`fatigue`, needs another way of contact",
            "fatigue",
            SearchFilters(flag="needs_other_contact"),
        ),
        ("`fatigue`, a theme", "fatigue", SearchFilters(theme=theme)),
        (after_month, "fatigue", SearchFilters(theme=theme)),
        (
            "`fatigue`, a theme and one month",
            "fatigue",
            SearchFilters(theme=theme, start=month.start, end=month.end),
        ),
        (
            "`fatigue`, a month six years ago",
            "fatigue",
            SearchFilters(start=_date("2020-01-01"), end=_date("2020-01-31")),
        ),
        ("`anx` typed, flag safety net", "anx", SearchFilters(flag="safety_net")),
    ]
    if filters_only:
        cases = [case for case in cases if case[2] is not None]
    for label, text, filters in cases:
        before = befores.get(label)
        cold = cold_first(vault, text, filters, before)
        session = SearchSession(vault)  # as the search screen: one thread, warm connection
        if filters is not None and before is not None:
            warm = right_after(session, text, filters, before, runs)
        else:
            warm = measure(lambda t=text, f=filters, s=session: s.search(t, f), runs)
        hits = session.search(text, filters)
        session.close()
        highlighted = sum(1 for hit in hits if HIGHLIGHT_START in hit.snippet)
        assert all(HIGHLIGHT_END in hit.snippet for hit in hits if HIGHLIGHT_START in hit.snippet)
        if filters is None:
            reference: Samples | None = measure(lambda t=text: single_query(vault, t), runs)
        else:
            reference = None
        row: list[object] = [
            label,
            len(hits),
            highlighted,
            f"{cold * 1000:.1f} ms",
            warm.ms(),
            f"{warm.percentile(0.99) * 1000:.1f} ms",
            reference.ms() if reference else "—",
            ratio(warm.median, reference.median) if reference else "—",
        ]
        rows.append(row)
        print("| " + " | ".join(str(cell) for cell in row) + " |", flush=True)
    return rows


def _date(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)


def epc_process(data_dir: Path, word: str, runs: int) -> Samples:
    """Whole process: start Python, unlock (floor KDF), search, print 50 results."""
    values = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", EPC_PROCESS, str(data_dir), DEFAULT_PASSPHRASE, word],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        values.append(time.perf_counter() - began)
    return Samples(tuple(values))


JRNL_WRITER = """
import sys
from jrnl.encryption.Jrnlv3Encryption import Jrnlv3Encryption
text = sys.stdin.read()
encryption = Jrnlv3Encryption("default", {"encrypt": True})
encryption.password = sys.argv[2]
open(sys.argv[1], "wb").write(encryption.encrypt(text))
"""


def build_jrnl(vault: Vault, jrnl: Path, workdir: Path, notes: int) -> Path:
    """An encrypted jrnl journal of the first `notes` notes, written with jrnl's own code;
    returns its configuration file."""
    with vault.connected():
        rows = vault.database.execute_sql(
            "SELECT created_at, body FROM logbook_entry ORDER BY id LIMIT ?", [notes]
        ).fetchall()
    plain = "".join(f"[{str(created)[:16]}] {body}\n\n" for created, body in rows)
    journal = workdir / "journal.jrnl"
    python = jrnl.parent / "python"
    subprocess.run(  # the plain text goes through a pipe: no clear file on disk
        [str(python), "-c", JRNL_WRITER, str(journal), DEFAULT_PASSPHRASE],
        input=plain.encode("utf-8"),
        check=True,
    )
    config = workdir / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: true\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals: {{default: {{journal: {journal}, encrypt: true}}}}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.2\n"
    )
    return config


def jrnl_process(jrnl: Path, config: Path, word: str, runs: int) -> Samples:
    """Whole process: `jrnl -contains WORD -n 50`, the password typed at its prompt."""
    values = []
    for _ in range(runs):
        began = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(
                str(jrnl),
                [str(jrnl), "--config-file", str(config), "-contains", word, "-n", "50"],
            )
        output = bytearray()
        answered = False
        waited = 0.0  # jrnl prints its prompt, then getpass flushes typed-ahead input:
        # answer a moment later, and do not count that moment against jrnl
        while True:
            ready, _, _ = select.select([fd], [], [], 0.005)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if not answered and b"assword" in output:
                time.sleep(0.2)
                waited += 0.2
                os.write(fd, (DEFAULT_PASSPHRASE + "\n").encode())
                answered = True
        _, status = os.waitpid(pid, 0)
        values.append(time.perf_counter() - began - waited)
        os.close(fd)
        if status != 0 or not answered:
            raise RuntimeError("jrnl did not run as expected")
    return Samples(tuple(values))


def main() -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "epc-large")
    parser.add_argument("--jrnl", type=Path, default=None, help="a jrnl executable")
    parser.add_argument("--jrnl-notes", type=int, default=10_000)
    parser.add_argument("--filters-only", action="store_true", help="only the filtered searches")
    args = parser.parse_args()
    ensure_vault(args.dir, "large")
    vault = Vault(VaultPaths(args.dir), kdf=FLOOR)
    vault.unlock(DEFAULT_PASSPHRASE)
    with vault.connected():
        notes = vault.database.execute_sql("SELECT count(*) FROM logbook_entry").fetchone()[0]
    print(f"## Search — {notes:,} notes, {args.runs} runs per figure\n")
    header = [
        "query",
        "results",
        "highlighted",
        "cold (first after unlock)",
        "warm median",
        "warm p99",
        "single query (reference)",
        "ratio",
    ]
    print(table(header, []), flush=True)
    in_process(vault, args.runs, args.filters_only)
    if args.jrnl is not None:
        with tempfile.TemporaryDirectory(prefix="jrnl-bench-") as workdir:
            config = build_jrnl(vault, args.jrnl, Path(workdir), args.jrnl_notes)
            vault.release()
            epc = epc_process(args.dir, "anxiete", args.runs)
            jrnl = jrnl_process(args.jrnl, config, "anxiété", args.runs)
            print()
            print(
                table(
                    ["whole process, top 50 for anxiété", "notes held", "median", "ratio to jrnl"],
                    [
                        [
                            "epc (unlock, search, print)",
                            f"{notes:,}",
                            epc.ms(),
                            ratio(epc.median, jrnl.median),
                        ],
                        ["jrnl -contains (encrypted)", f"{args.jrnl_notes:,}", jrnl.ms(), "1.00 ×"],
                    ],
                )
            )
    else:
        vault.release()


if __name__ == "__main__":
    main()
