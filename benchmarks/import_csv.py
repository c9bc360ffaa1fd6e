"""Spreadsheet import figures for docs/performance.md: a 100,000-row file, read and imported.

Measured in one run, each with a reference from the same run:

- reading and validating (`read_spreadsheet` + `parse_people`), median of `--runs`, against a
  bare `csv.reader` pass over the same text;
- importing everyone with their planned check-ins (`import_people`, one transaction) into a
  fresh vault, once for a small file (`--small`) and once for a bigger one (`--import-rows`,
  the whole `--rows` file by default): the cost per person of the two shows whether the
  import grows linearly; also check-ins written, peak memory, vault size.

The people are fictional (fixed seed). The CSV is written in a temporary directory and removed.

Run: `uv run python benchmarks/import_csv.py [--rows 100000] [--import-rows N] [--small 1000]
[--runs 3]`
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

# Run as a script, Python puts benchmarks/ first on the path, where a sibling script's name
# can shadow a standard module (`calendar`): import from the repository root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from benchmarks.common import measure, peak_rss_mb, ratio, table  # noqa: E402

from epc_tui.services.csv_import import import_people, parse_people, read_spreadsheet  # noqa: E402
from epc_tui.settings import Settings  # noqa: E402
from epc_tui.vault import tracks as track_store  # noqa: E402
from epc_tui.vault.kdf import FLOOR  # noqa: E402
from epc_tui.vault.paths import VaultPaths  # noqa: E402
from epc_tui.vault.records import TrackRecord  # noqa: E402
from epc_tui.vault.vault import Vault  # noqa: E402

PASSPHRASE = "banc essai import tableur"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)
FIRST = ["Alice", "Benoît", "Chloé", "Denis", "Élise", "François", "Gaëlle", "Hugo", "Inès"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin"]
KINDS = ["partenaire", "patient", "ancien"]
TRACKS = ["soutien-premiere-annee", "traitement-oral"]


def fictional_csv(rows: int, seed: int = 3) -> str:
    """A coordinator's list of `rows` fictional people, `;`-separated, French headers."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["nom", "type", "parcours", "date_reference", "telephone", "courriel", "reference_par"]
    )
    for index in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        writer.writerow(
            [
                f"{first} {last} {index}",
                rng.choice(KINDS),
                rng.choice(TRACKS),
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026",
                f"514 555-{rng.randint(0, 9999):04d}",
                f"{first.lower()}.{index}@example.org",
                "Équipe de coordination",
            ]
        )
    return out.getvalue()


def import_into_fresh_vault(path: Path, directory: Path) -> tuple[float, int, int, float]:
    """Seconds to import `path`; people created; check-ins written; vault size in MB."""
    vault = Vault(VaultPaths(directory), kdf=FLOOR)
    vault.create(PASSPHRASE)
    vault.unlock(PASSPHRASE)
    try:
        began = time.perf_counter()
        tracks = track_store.list_tracks(vault)
        plan = parse_people(read_spreadsheet(path), tracks, (), TODAY)
        ids = import_people(vault, plan, Settings(), NOW)
        elapsed = time.perf_counter() - began
        with vault.connected():
            check_ins = vault.database.execute_sql("SELECT count(*) FROM check_in").fetchone()[0]
    finally:
        vault.release()
    size = sum(file.stat().st_size for file in directory.iterdir() if file.is_file())
    return elapsed, len(ids), int(check_ins), size / 1_000_000


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=0, help="0: all of --rows")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        os.chmod(folder, 0o700)
        big = folder / "big.csv"
        big.write_text(fictional_csv(args.rows), encoding="utf-8-sig")
        small = folder / "small.csv"
        small.write_text(fictional_csv(args.small), encoding="utf-8-sig")
        imported = big
        if args.import_rows:
            imported = folder / "imported.csv"
            imported.write_text(fictional_csv(args.import_rows), encoding="utf-8-sig")
        text = read_spreadsheet(big)

        reference = measure(
            lambda: sum(1 for _ in csv.reader(io.StringIO(text), delimiter=";")), args.runs
        )
        fake_tracks = _tracks_of_a_new_vault(folder / "tracks")
        parsing = measure(
            lambda: parse_people(read_spreadsheet(big), fake_tracks, (), TODAY), args.runs
        )
        small_time, small_people, small_check_ins, _ = import_into_fresh_vault(
            small, folder / "small-vault"
        )
        big_time, big_people, big_check_ins, big_size = import_into_fresh_vault(
            imported, folder / "big-vault"
        )

    per_small = small_time / small_people
    per_big = big_time / big_people
    print(f"rows: {args.rows:,}; file {big.name} {len(text.encode()) / 1e6:.1f} MB")
    print(
        table(
            ["measure", "median", "reference / ratio"],
            [
                [f"bare csv.reader pass, {args.rows:,} rows", reference.ms(), "reference"],
                [
                    "read + validate (parse_people)",
                    parsing.ms(),
                    ratio(parsing.median, reference.median),
                ],
                [
                    f"import {small_people:,} people ({small_check_ins:,} check-ins)",
                    f"{small_time:.1f} s",
                    f"{per_small * 1000:.1f} ms / person (reference)",
                ],
                [
                    f"import {big_people:,} people ({big_check_ins:,} check-ins)",
                    f"{big_time:.1f} s",
                    f"{per_big * 1000:.1f} ms / person, {ratio(per_big, per_small)}",
                ],
                ["check-ins written per second (big)", f"{big_check_ins / big_time:,.0f}", ""],
                ["vault size after the big import", f"{big_size:.0f} MB", ""],
                ["peak memory of the process", f"{peak_rss_mb():.0f} MB", ""],
            ],
        )
    )


def _tracks_of_a_new_vault(directory: Path) -> list[TrackRecord]:
    vault = Vault(VaultPaths(directory), kdf=FLOOR)
    vault.create(PASSPHRASE)
    vault.unlock(PASSPHRASE)
    try:
        return track_store.list_tracks(vault)
    finally:
        vault.release()


if __name__ == "__main__":
    main()
