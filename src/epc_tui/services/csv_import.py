"""Reading a coordinator's spreadsheet (CSV) of people to follow, and importing it.

The column contract is in `docs/import.md`: headers in French or English, matched without
regard to case, accents, spaces or hyphens; `,` or `;` as separator; UTF-8 with or without a
byte-order mark. `read_spreadsheet` and `parse_people` touch no database: they return an
`ImportPlan` of people ready to enrol, warnings and errors, each with the spreadsheet's row
number (the header is row 1, as in Excel or LibreOffice). `import_people` then enrols the
good rows in **one** transaction, so an import is all or nothing.

Decisions, so that nothing is guessed silently:

- A file that is not UTF-8 (Excel's plain "CSV" is Windows-1252) is **refused** with a
  sentence naming the row and saying how to save it as "CSV UTF-8". Decoding Windows-1252
  instead would accept almost any bytes, so a Mac or Latin-9 file would store wrong names
  without anyone noticing; a name is not something to get wrong in a health record.
- Cells are text. A cell starting with `=`, `+`, `-` or `@` is stored as typed, never
  evaluated; a name or referrer starting that way gets a warning, since it is more likely a
  formula than a name. Escape sequences and control characters are removed from every cell
  (`textclean`), so a name can never drive the terminal.
- Unknown columns are reported as warnings (their content is not imported), never dropped
  silently. A row with more cells than the header has columns is an error (usually a
  separator typed inside an unquoted cell).
- Limits: the file at most `MAX_FILE_BYTES`, at most `MAX_ROWS` rows, and each cell at most
  `MAX_CELL_CHARS` characters; a bigger file is refused before it is read.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from epc_tui.i18n import t
from epc_tui.services.enrolment import enrol
from epc_tui.settings import Settings
from epc_tui.textclean import clean_line as clean_line_fully
from epc_tui.textclean import clean_text
from epc_tui.textclean import fold as accentless
from epc_tui.vault.errors import EpcError, InvalidInput
from epc_tui.vault.people import new_code
from epc_tui.vault.records import PersonDraft, TrackRecord
from epc_tui.vault.tracks import find_track
from epc_tui.vault.vault import Vault

MAX_FILE_BYTES = 64 * 1024 * 1024  # about 400,000 rows of a typical coordinator's list
MAX_ROWS = 200_000
MAX_CELL_CHARS = 10_000
MAX_NAME_CHARS = 200
MAX_SUMMARY_CHARS = 5_000
FUTURE_WARNING_DAYS = 366  # an anchor date further ahead is probably a typo
ENROL_CHUNK = 2_000  # people enrolled between two progress reports (same transaction)

COLUMNS: dict[str, tuple[str, ...]] = {
    # column: accepted header spellings, folded (lower case, no accents, `_` for spaces/-)
    "name": ("name", "full_name", "nom", "nom_complet"),
    "kind": ("kind", "type"),
    "track": ("track", "parcours"),
    "anchor_date": (
        "anchor_date",
        "date_reference",
        "date_de_reference",
        "reference_date",
    ),
    "phone": ("phone", "telephone", "tel"),
    "email": ("email", "e_mail", "courriel", "mail"),
    "code": ("code", "pseudonym", "pseudonyme"),
    "referred_by": ("referred_by", "reference_par", "refere_par", "referee_par"),
    "notes": ("notes", "note", "summary", "resume"),
}
REQUIRED = ("name", "kind", "track", "anchor_date")

KINDS: dict[str, str] = {
    # folded cell value: stored kind
    "partner": "partner",
    "partenaire": "partner",
    "patient_partenaire": "partner",
    "patient_partner": "partner",
    "pp": "partner",
    "patient": "patient",
    "accompagne": "patient",
    "accompagnee": "patient",
    "personne_accompagnee": "patient",
    "former": "former",
    "ancien": "former",
    "ancienne": "former",
    "ancien_partenaire": "former",
    "former_partner": "former",
}

FORMULA_STARTS = ("=", "+", "-", "@")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PHONE = re.compile(r"\+?[0-9 ().\-]+(?:\s*(?:x|ext\.?|poste|p\.)\s*[0-9]{1,6})?", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{0,31}")
_NEEDS_CLEANING = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class SpreadsheetRefused(InvalidInput):
    """The file as a whole cannot be read as a spreadsheet of people (nothing is imported)."""

    message_key = "import.error.unreadable"


@dataclass(frozen=True)
class Problem:
    """An error or a warning about the file: its row (0 for the whole file) and the reason."""

    line: int
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        """The sentence in the coach's language, with the row number when there is one."""
        reason = t(self.key, **self.params)
        return t("import.at_line", line=self.line, reason=reason) if self.line else reason


@dataclass(frozen=True)
class ImportRow:
    """A row understood: the person to create, with what the preview shows."""

    line: int
    draft: PersonDraft
    track_name: str


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: people to create, warnings, and errors by row."""

    rows: tuple[ImportRow, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    data_rows: int
    unknown_columns: tuple[str, ...] = ()

    @property
    def drafts(self) -> list[PersonDraft]:
        """The people to create, in file order."""
        return [row.draft for row in self.rows]

    @property
    def file_errors(self) -> tuple[Problem, ...]:
        """Errors about the whole file (header): nothing can be imported, even skipping rows."""
        return tuple(problem for problem in self.errors if problem.line <= 1)

    @property
    def bad_lines(self) -> tuple[int, ...]:
        """Row numbers with at least one error."""
        return tuple(sorted({problem.line for problem in self.errors if problem.line > 1}))

    @property
    def ok(self) -> bool:
        """True when every row is good: the import can go ahead as is."""
        return not self.errors

    def importable(self, skip_bad: bool) -> bool:
        """True when there is someone to import (skipping bad rows if asked)."""
        if not self.rows or self.file_errors:
            return False
        return skip_bad or self.ok


def clean_line(text: str) -> str:
    """`textclean.clean_line`, skipping its per-character pass for the usual clean cell.

    A cell without any control, escape or bidi character is only trimmed and its spaces
    collapsed, which is exactly what the full cleaning gives for it; 100,000 rows read about
    twice as fast.
    """
    if _NEEDS_CLEANING.search(text):
        return clean_line_fully(text)
    return " ".join(text.split())


# -- reading the file -----------------------------------------------------------------------


def read_spreadsheet(path: Path) -> str:
    """The text of a CSV file, checked: a regular file, not too big, UTF-8 (BOM removed)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SpreadsheetRefused("import.error.missing_file") from None
    except OSError:
        raise SpreadsheetRefused("import.error.cannot_read") from None
    if stat.S_ISDIR(info.st_mode):
        raise SpreadsheetRefused("import.error.is_directory")
    if not stat.S_ISREG(info.st_mode):
        raise SpreadsheetRefused("import.error.not_regular")
    if info.st_size > MAX_FILE_BYTES:
        raise SpreadsheetRefused("import.error.too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # a file growing meanwhile is cut here
    except OSError:
        raise SpreadsheetRefused("import.error.cannot_read") from None
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetRefused("import.error.too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
    return decode_spreadsheet(data)


def decode_spreadsheet(data: bytes) -> str:
    """UTF-8 text without its byte-order mark; other encodings refused with the row named."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetRefused("import.error.utf16")
    if b"\x00" in data:
        raise SpreadsheetRefused("import.error.binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SpreadsheetRefused("import.error.not_utf8", line=line) from None
    return text.removeprefix("\ufeff")


# -- parsing --------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, no accents, runs of spaces, hyphens and apostrophes as one `_`."""
    plain = accentless(text.strip())
    return re.sub(r"[\s\-'’_]+", "_", plain).strip("_")


_HEADER_TO_COLUMN = {spelling: column for column, names in COLUMNS.items() for spelling in names}


def detect_separator(header_line: str) -> str:
    """`;` or `,`: whichever splits the header into more known columns (then more cells)."""

    def score(separator: str) -> tuple[int, int]:
        cells = next(csv.reader([header_line], delimiter=separator), [])
        known = sum(1 for cell in cells if fold(cell) in _HEADER_TO_COLUMN)
        return known, len(cells)

    return ";" if score(";") > score(",") else ","


def column_letter(index: int) -> str:
    """The spreadsheet's name of a column: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def parse_date(value: str) -> date | None:
    """`2026-03-14` or `14/03/2026` (day first, as in Québec and France); None otherwise."""
    iso = _ISO_DATE.fullmatch(value)
    day_first = _DAY_FIRST_DATE.fullmatch(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups())
    else:
        return None
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def valid_phone(value: str) -> bool:
    """A phone number: digits with the usual separators, 7 to 15 digits, an extension allowed."""
    if not _PHONE.fullmatch(value):
        return False
    main: str = re.split(r"(?i)\s*(?:x|ext\.?|poste|p\.)\s*(?=[0-9])", value)[0]
    digits = sum(1 for char in main if char.isdigit())
    return 7 <= digits <= 15


def valid_email(value: str) -> bool:
    """An e-mail address of a plausible shape (one `@`, a dotted domain, no spaces)."""
    return len(value) <= 254 and _EMAIL.fullmatch(value) is not None


def _shown(value: str) -> str:
    """A cell value quoted in an error message: cleaned and cut short."""
    value = clean_line(value)
    return value if len(value) <= 40 else value[:39] + "…"


@dataclass
class _Header:
    """Where each known column is, which headers were not recognised, how many cells."""

    columns: dict[str, int]  # column → cell index
    unknown: list[tuple[int, str]]  # cell index, header as written
    width: int


def _read_header(cells: list[str], errors: list[Problem]) -> _Header:
    """Match the header cells to columns; a missing or repeated column is a row-1 error."""
    columns: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        column = _HEADER_TO_COLUMN.get(fold(cell))
        if column is None:
            unknown.append((index, clean_line(cell)))
        elif column in columns:
            errors.append(Problem(1, "import.error.duplicate_column", {"column": _shown(cell)}))
        else:
            columns[column] = index
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        names = ", ".join(f"{COLUMNS[column][0]} / {_french(column)}" for column in missing)
        errors.append(Problem(1, "import.error.missing_columns", {"columns": names}))
    return _Header(columns, unknown, len(cells))


def _french(column: str) -> str:
    """The French header of a required column, to name it in the error."""
    return {
        "name": "nom",
        "kind": "type",
        "track": "parcours",
        "anchor_date": "date_reference",
    }.get(column, column)


class _RowReader:
    """Turns the cells of one row into a `PersonDraft`, collecting problems."""

    def __init__(
        self,
        header: _Header,
        tracks: Sequence[TrackRecord],
        today: date,
    ) -> None:
        self.header = header
        self.tracks = tracks
        self.today = today
        self._track_cache: dict[str, TrackRecord | None] = {}

    def cell(self, cells: list[str], column: str) -> str:
        index = self.header.columns.get(column)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def track(self, value: str) -> TrackRecord | None:
        key = fold(value)
        if key not in self._track_cache:
            self._track_cache[key] = find_track(self.tracks, value)
        return self._track_cache[key]

    def read(
        self, line: int, cells: list[str], errors: list[Problem], warnings: list[Problem]
    ) -> tuple[PersonDraft, str] | None:
        before = len(errors)

        def error(key: str, **params: Any) -> None:
            errors.append(Problem(line, key, params))

        if len(cells) > self.header.width and any(
            cell.strip() for cell in cells[self.header.width :]
        ):
            error("import.error.extra_cells", columns=self.header.width, cells=len(cells))
        if any(len(cell) > MAX_CELL_CHARS for cell in cells):
            error("import.error.cell_too_long", limit=MAX_CELL_CHARS)
            return None

        name = clean_line(self.cell(cells, "name"))
        if not name:
            error("import.error.name_missing")
        elif len(name) > MAX_NAME_CHARS:
            error("import.error.name_too_long", limit=MAX_NAME_CHARS)
        elif name.startswith(FORMULA_STARTS):
            warnings.append(Problem(line, "import.warning.formula", {"column": "nom / name"}))

        raw_kind = clean_line(self.cell(cells, "kind"))
        kind = KINDS.get(fold(raw_kind))
        if not raw_kind:
            error("import.error.kind_missing")
        elif kind is None:
            error("import.error.kind_unknown", value=_shown(raw_kind))

        raw_track = clean_line(self.cell(cells, "track"))
        track = self.track(raw_track) if raw_track else None
        if not raw_track:
            error("import.error.track_missing")
        elif track is None:
            error("import.error.track_unknown", value=_shown(raw_track))

        raw_date = clean_line(self.cell(cells, "anchor_date"))
        anchor = parse_date(raw_date) if raw_date else None
        if not raw_date:
            error("import.error.date_missing")
        elif anchor is None:
            error("import.error.date_invalid", value=_shown(raw_date))
        elif anchor > self.today + timedelta(days=FUTURE_WARNING_DAYS):
            warnings.append(Problem(line, "import.warning.date_far", {"value": raw_date}))

        phone = clean_line(self.cell(cells, "phone"))
        if phone and not valid_phone(phone):
            error("import.error.phone_invalid")
        email = clean_line(self.cell(cells, "email"))
        if email and not valid_email(email):
            error("import.error.email_invalid")

        code = clean_line(self.cell(cells, "code"))
        if code and not _CODE.fullmatch(code):
            error("import.error.code_invalid", value=_shown(code))

        referred_by = clean_line(self.cell(cells, "referred_by"))
        if len(referred_by) > MAX_NAME_CHARS:
            error("import.error.referrer_too_long", limit=MAX_NAME_CHARS)
        elif referred_by.startswith(FORMULA_STARTS):
            warnings.append(
                Problem(line, "import.warning.formula", {"column": "reference_par / referred_by"})
            )
        summary = clean_text(self.cell(cells, "notes")).strip()
        if len(summary) > MAX_SUMMARY_CHARS:
            error("import.error.notes_too_long", limit=MAX_SUMMARY_CHARS)

        if len(errors) > before or kind is None or track is None or anchor is None:
            return None
        draft = PersonDraft(
            full_name=name,
            kind=kind,
            track_id=track.id,
            anchor_date=anchor,
            code=code,
            phone=phone,
            email=email,
            referred_by=referred_by,
            summary=summary,
        )
        return draft, track.name


def _records(text: str, separator: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    yield from reader


def parse_people(
    text: str,
    tracks: Sequence[TrackRecord],
    taken_codes: Collection[str],
    today: date,
) -> ImportPlan:
    """Read the spreadsheet's text into an `ImportPlan`; nothing is written anywhere.

    `tracks` are the vault's tracks (built-in and coach-made); `taken_codes` the codes already
    used in the vault. Rows are numbered as in the spreadsheet: the header is row 1.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    first_line = text.split("\n", 1)[0]
    if not text.strip():
        return ImportPlan((), (Problem(1, "import.error.empty"),), (), 0)
    separator = detect_separator(first_line)
    records = _records(text, separator)
    try:
        header = _read_header(next(records), errors)
    except csv.Error:
        return ImportPlan((), (Problem(1, "import.error.csv_broken"),), (), 0)
    reader = _RowReader(header, tracks, today)

    rows: list[ImportRow] = []
    data_rows = 0
    seen_codes: dict[str, int] = {}
    taken = {code.casefold() for code in taken_codes}
    unknown_with_data: set[int] = set()
    line = 1
    while True:
        line += 1
        try:
            cells = next(records)
        except StopIteration:
            break
        except csv.Error:
            errors.append(Problem(line, "import.error.csv_broken"))
            break
        if not any(cell.strip() for cell in cells):
            continue  # an empty spreadsheet row
        data_rows += 1
        if data_rows > MAX_ROWS:
            return ImportPlan(
                (), (Problem(0, "import.error.too_many_rows", {"limit": MAX_ROWS}),), (), data_rows
            )
        for index, _ in header.unknown:
            if index < len(cells) and cells[index].strip():
                unknown_with_data.add(index)
        if not set(REQUIRED) <= header.columns.keys():
            continue  # the header error says it all; rows cannot be read
        read = reader.read(line, cells, errors, warnings)
        code = clean_line(reader.cell(cells, "code"))
        folded = code.casefold()
        if code and folded in seen_codes:
            first = seen_codes[folded]
            errors.append(
                Problem(line, "import.error.code_repeated", {"code": code, "first": first})
            )
            continue
        if code:
            seen_codes[folded] = line  # even when the row has other errors: fixing it keeps it
        if code and folded in taken:
            errors.append(Problem(line, "import.error.code_taken", {"code": code}))
            continue
        if read is None:
            continue
        draft, track_name = read
        rows.append(ImportRow(line, draft, track_name))

    unknown = tuple(
        name or t("import.unnamed_column", letter=column_letter(index))
        for index, name in header.unknown
        if name or index in unknown_with_data
    )
    if unknown:
        warnings.insert(
            0, Problem(0, "import.warning.unknown_columns", {"columns": ", ".join(unknown)})
        )
    if data_rows == 0 and not errors:
        errors.append(Problem(0, "import.error.no_rows"))
    return ImportPlan(tuple(rows), tuple(errors), tuple(warnings), data_rows, unknown)


def plan_from_file(
    path: Path, tracks: Sequence[TrackRecord], taken_codes: Collection[str], today: date
) -> ImportPlan:
    """`read_spreadsheet` then `parse_people`; a refused file becomes a file-level error."""
    try:
        text = read_spreadsheet(path)
    except SpreadsheetRefused as error:
        return ImportPlan((), (Problem(0, error.message_key, error.params),), (), 0)
    return parse_people(text, tracks, taken_codes, today)


def expand_user_path(typed: str) -> Path:
    """A path as typed by the coach: `~` expanded, surrounding quotes and spaces removed."""
    typed = typed.strip().strip("\"'")
    return Path(os.path.expanduser(typed))


# -- importing ------------------------------------------------------------------------------


class ImportCancelled(EpcError):
    """The import was stopped before the end; the transaction was rolled back."""

    message_key = "import.error.cancelled"


def import_people(
    vault: Vault,
    plan: ImportPlan,
    settings: Settings,
    now: datetime,
    skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[int]:
    """Enrol the plan's people with their planned check-ins, all in one transaction.

    Refused (nothing written) when the plan has errors, unless `skip_bad`, which imports the
    good rows only. Codes left empty are generated first, unique against the vault and against
    the codes written in the file. `progress(done, total)` is called between chunks; when
    `cancelled()` turns true the whole import is rolled back.
    """
    if plan.file_errors or (plan.errors and not skip_bad):
        raise InvalidInput("import.error.has_errors", count=len(plan.bad_lines))
    drafts = plan.drafts
    total = len(drafts)
    ids: list[int] = []
    with vault.writing():
        taken = {draft.code for draft in drafts if draft.code}
        coded: list[PersonDraft] = []
        for draft in drafts:
            if not draft.code:
                code = new_code(taken)
                taken.add(code)
                draft = replace(draft, code=code)
            coded.append(draft)
        for start in range(0, total, ENROL_CHUNK):
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            ids.extend(enrol(vault, coded[start : start + ENROL_CHUNK], settings, now))
            if progress is not None:
                progress(len(ids), total)
    return ids
