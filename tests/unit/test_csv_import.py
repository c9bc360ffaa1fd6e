"""Reading coordinators' spreadsheets: good, bad and hostile files, without any database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from epc_tui import textclean
from epc_tui.i18n import set_language
from epc_tui.services.csv_import import (
    MAX_FILE_BYTES,
    SpreadsheetRefused,
    clean_line,
    column_letter,
    decode_spreadsheet,
    parse_date,
    parse_people,
    plan_from_file,
    read_spreadsheet,
    valid_email,
    valid_phone,
)
from epc_tui.vault.builtin_tracks import FIRST_YEAR, ORAL_THERAPY
from epc_tui.vault.records import TrackRecord

TODAY = date(2026, 11, 23)
TRACKS = (
    TrackRecord(
        1, "u1", FIRST_YEAR, "Soutien structuré — première année", "", None, "previous", False
    ),
    TrackRecord(
        2, "u2", ORAL_THERAPY, "Accompagnement — traitement oral", "", None, "previous", False
    ),
    TrackRecord(3, "u3", None, "Relève Laval", "", None, "previous", False),
)

GOOD_FRENCH = (
    "Nom;Type;Parcours;Date référence;Téléphone;Courriel;Code;Référé par;Notes\n"
    "Alice Tremblay;partenaire;soutien-premiere-annee;14/03/2026;514 555-0101;"
    "alice@example.org;P-AAAA1;Équipe de coordination;Formée en mars\n"
    'Bruno Côté;patient;traitement-oral;2026-11-20;+33 6 12 34 56 78;;;"Dr Roy, oncologue";\n'
)


def plan_of(text: str, taken: tuple[str, ...] = ()) -> object:
    """Parse `text` against the three test tracks."""
    return parse_people(text, TRACKS, taken, TODAY)


def test_french_file_with_semicolons_and_accented_headers_is_understood() -> None:
    """Headers in French with accents and spaces; `;` separator; both date formats."""
    plan = parse_people(GOOD_FRENCH, TRACKS, (), TODAY)
    assert plan.ok and plan.data_rows == 2 and not plan.warnings
    alice, bruno = plan.drafts
    assert (alice.full_name, alice.kind, alice.track_id) == ("Alice Tremblay", "partner", 1)
    assert alice.anchor_date == date(2026, 3, 14)
    assert (alice.phone, alice.email, alice.code) == (
        "514 555-0101",
        "alice@example.org",
        "P-AAAA1",
    )
    assert (alice.referred_by, alice.summary) == ("Équipe de coordination", "Formée en mars")
    assert (bruno.kind, bruno.track_id, bruno.anchor_date) == ("patient", 2, date(2026, 11, 20))
    assert bruno.code == "" and bruno.referred_by == "Dr Roy, oncologue"
    assert [row.line for row in plan.rows] == [2, 3]


def test_english_file_with_commas_and_a_coach_made_track() -> None:
    """English headers, `,` separator, a track named by its (accent-free) name, kind `former`."""
    text = (
        "name,kind,track,anchor_date,phone,email,code,referred_by,notes\n"
        "Chloé Gagnon,FORMER,releve laval,2025-01-31,,,,,\n"
        "Denis Roy,Partner,First-Year-Support,31/01/2026,,,,,\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok
    assert [(d.kind, d.track_id) for d in plan.drafts] == [("former", 3), ("partner", 1)]
    assert plan.rows[0].track_name == "Relève Laval"


def test_bom_is_removed_and_first_header_still_recognised() -> None:
    """A UTF-8 byte-order mark (Excel on Windows) does not hide the first column."""
    data = "\ufeffnom;type;parcours;date_reference\nÉlise;ancien;traitement oral;01/02/2026\n"
    text = decode_spreadsheet(data.encode("utf-8"))
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok and plan.drafts[0].full_name == "Élise"


def test_windows_1252_file_is_refused_naming_the_line() -> None:
    """Excel's plain CSV (cp1252) is refused with the row of the first unreadable character."""
    data = "nom;type;parcours;date_reference\nAlice;partenaire;traitement-oral;01/02/2026\n"
    data += "Hélène;patient;traitement-oral;01/02/2026\n"
    with pytest.raises(SpreadsheetRefused) as refused:
        decode_spreadsheet(data.encode("cp1252"))
    assert refused.value.message_key == "import.error.not_utf8"
    assert refused.value.params == {"line": 3}


def test_utf16_and_binary_files_are_refused() -> None:
    """A UTF-16 text export and an .xlsx workbook (zip, NUL bytes) get their own sentence."""
    with pytest.raises(SpreadsheetRefused) as utf16:
        decode_spreadsheet("nom;type\n".encode("utf-16"))
    assert utf16.value.message_key == "import.error.utf16"
    with pytest.raises(SpreadsheetRefused) as binary:
        decode_spreadsheet(b"PK\x03\x04\x00\x00binary")
    assert binary.value.message_key == "import.error.binary"


def test_a_bad_date_names_its_line_and_nothing_is_importable() -> None:
    """31 February on row 3: the error says row 3; the plan cannot be imported as is."""
    text = (
        "nom;type;parcours;date_reference\n"
        "Un;partenaire;traitement-oral;01/02/2026\n"
        "Deux;partenaire;traitement-oral;31/02/2026\n"
        "Trois;partenaire;traitement-oral;2026-02-01\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert not plan.ok and plan.bad_lines == (3,)
    assert not plan.importable(skip_bad=False) and plan.importable(skip_bad=True)
    assert [row.line for row in plan.rows] == [2, 4]
    assert plan.errors[0].message() == (
        "Ligne 3 : date « 31/02/2026 » non reconnue : écrivez 2026-03-14 ou 14/03/2026."
    )
    set_language("en")
    assert plan.errors[0].message().startswith("Line 3: date")


def test_every_kind_of_bad_row_is_reported_with_its_reason() -> None:
    """Empty name, unknown kind, unknown track, US date, bad phone, bad e-mail, bad code."""
    text = (
        "nom;type;parcours;date_reference;telephone;courriel;code\n"
        ";partenaire;traitement-oral;01/02/2026;;;\n"
        "B;infirmière;traitement-oral;01/02/2026;;;\n"
        "C;patient;chimio;01/02/2026;;;\n"
        "D;patient;traitement-oral;12/25/2026;;;\n"
        "E;patient;traitement-oral;2026-02-01;12;;\n"
        "F;patient;traitement-oral;2026-02-01;;pas-une-adresse;\n"
        "G;patient;traitement-oral;2026-02-01;;;P 1 ;DROP\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    keys = {problem.line: problem.key for problem in plan.errors}
    assert keys == {
        2: "import.error.name_missing",
        3: "import.error.kind_unknown",
        4: "import.error.track_unknown",
        5: "import.error.date_invalid",
        6: "import.error.phone_invalid",
        7: "import.error.email_invalid",
        8: "import.error.code_invalid",
    }
    assert plan.rows == ()


def test_row_with_more_cells_than_columns_is_an_error() -> None:
    """An unquoted `;` inside a cell shifts the row: reported, not silently truncated."""
    text = "nom;type;parcours;date_reference\nA;patient;traitement-oral;01/02/2026;de trop\n"
    plan = parse_people(text, TRACKS, (), TODAY)
    assert [p.key for p in plan.errors] == ["import.error.extra_cells"]


def test_missing_required_columns_and_duplicate_columns_stop_the_file() -> None:
    """Without `parcours` no row can be read; the error is about row 1 and skip_bad cannot help."""
    plan = parse_people("nom;type;date\nA;patient;01/02/2026\n", TRACKS, (), TODAY)
    assert [p.key for p in plan.errors] == ["import.error.missing_columns"]
    assert "track / parcours" in plan.errors[0].message()
    assert not plan.importable(skip_bad=True)
    twice = parse_people("nom;type;parcours;date_reference;name\n", TRACKS, (), TODAY)
    assert "import.error.duplicate_column" in [p.key for p in twice.errors]


def test_unknown_columns_are_reported_not_silently_dropped() -> None:
    """`Âge` and an untitled column with data are named in a warning; the import still works."""
    text = "nom;Âge;type;parcours;date_reference;\nA;54;patient;traitement-oral;01/02/2026;x\n"
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok and plan.unknown_columns == ("Âge", "colonne F sans titre")
    assert plan.warnings[0].key == "import.warning.unknown_columns"
    assert "Âge" in plan.warnings[0].message()


def test_duplicate_codes_in_the_file_and_in_the_vault() -> None:
    """A code twice in the file (any case) and a code already in the vault are errors."""
    text = (
        "nom;type;parcours;date_reference;code\n"
        "A;patient;traitement-oral;01/02/2026;P-ONE\n"
        "B;patient;traitement-oral;01/02/2026;p-one\n"
        "C;patient;traitement-oral;01/02/2026;P-TAKEN\n"
    )
    plan = parse_people(text, TRACKS, ("P-TAKEN",), TODAY)
    assert [(p.line, p.key) for p in plan.errors] == [
        (3, "import.error.code_repeated"),
        (4, "import.error.code_taken"),
    ]
    assert "ligne 2" in plan.errors[0].message()


def test_formulas_are_kept_as_text_with_a_warning() -> None:
    """`=HYPERLINK(…)` as a name is stored as typed (never evaluated) and flagged."""
    text = (
        "nom;type;parcours;date_reference;notes\n"
        '"=HYPERLINK(""http://x"",""clic"")";patient;traitement-oral;01/02/2026;-2 kg\n'
        "@SUM(A1);patient;traitement-oral;01/02/2026;+1\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok
    assert plan.drafts[0].full_name == '=HYPERLINK("http://x","clic")'
    assert plan.drafts[0].summary == "-2 kg"
    assert [(w.line, w.key) for w in plan.warnings] == [
        (2, "import.warning.formula"),
        (3, "import.warning.formula"),
    ]


def test_escape_sequences_and_control_characters_are_removed_from_names() -> None:
    """A name carrying terminal escapes (colour, title change, bell) keeps only its letters."""
    hostile = "\x1b[31mMarie\x1b[0m \x1b]0;pwned\x07Dubé\x07\u202e"
    text = (
        "nom;type;parcours;date_reference;notes\n"
        f'"{hostile}";patient;traitement-oral;01/02/2026;a\x1b[2Jb\n'
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok
    assert plan.drafts[0].full_name == "Marie Dubé"
    assert plan.drafts[0].summary == "ab"


def test_quoted_cells_with_separators_and_line_breaks_keep_row_numbers() -> None:
    """A quoted note over two lines is one spreadsheet row; the next row is still row 3."""
    text = (
        "nom,type,parcours,date_reference,notes\n"
        '"Roy, Anne",patient,traitement-oral,01/02/2026,"ligne un\nligne deux"\n'
        "B,patient,traitement-oral,99/99/2026,\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.drafts[0].full_name == "Roy, Anne"
    assert plan.drafts[0].summary == "ligne un\nligne deux"
    assert plan.bad_lines == (3,)


def test_empty_rows_are_skipped_but_counted_in_line_numbers() -> None:
    """A blank spreadsheet row is not a person, and the rows below keep their numbers."""
    text = "nom;type;parcours;date_reference\n\n;;;\nA;patient;traitement-oral;bad\n"
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.data_rows == 1 and plan.bad_lines == (4,)


def test_empty_file_and_header_only() -> None:
    """An empty file and a file with only the header say so."""
    assert parse_people("", TRACKS, (), TODAY).errors[0].key == "import.error.empty"
    header_only = parse_people("nom;type;parcours;date_reference\n", TRACKS, (), TODAY)
    assert header_only.errors[0].key == "import.error.no_rows"


def test_far_future_anchor_date_is_a_warning() -> None:
    """2062 instead of 2026 is accepted but flagged as a probable typo."""
    text = "nom;type;parcours;date_reference\nA;patient;traitement-oral;14/03/2062\n"
    plan = parse_people(text, TRACKS, (), TODAY)
    assert plan.ok and plan.warnings[0].key == "import.warning.date_far"


def test_date_phone_email_rules() -> None:
    """Only ISO and day-first dates; phones with 7–15 digits and extensions; plain e-mails."""
    assert parse_date("2026-03-14") == date(2026, 3, 14)
    assert parse_date("14/03/2026") == date(2026, 3, 14)
    assert parse_date("3/4/2026") == date(2026, 4, 3)
    for bad in ("14-03-2026", "14/03/26", "mars 2026", "2026-02-30", "01/01/1850", ""):
        assert parse_date(bad) is None, bad
    for good in ("514 555-0101", "+1 (514) 555-0101 poste 234", "06.12.34.56.78", "5145550101x12"):
        assert valid_phone(good), good
    for bad in ("12", "appeler Marie", "514-555-0101-9999-9999-99", "=1+1"):
        assert not valid_phone(bad), bad
    assert valid_email("marie.dube@cemtl.qc.ca")
    for bad in ("marie", "a@b", "a b@c.org", "a@@c.org", "a@c.org;b@d.org"):
        assert not valid_email(bad), bad


def test_column_letters() -> None:
    """Columns are named as in the spreadsheet."""
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A 1 GB file (sparse, so the test writes nothing) is refused by its size alone."""
    huge = tmp_path / "énorme.csv"
    with huge.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)
    with pytest.raises(SpreadsheetRefused) as refused:
        read_spreadsheet(huge)
    assert refused.value.message_key == "import.error.too_big"
    assert huge.stat().st_size > MAX_FILE_BYTES


def test_missing_file_folder_and_device_are_refused(tmp_path: Path) -> None:
    """Not found, a folder, a character device: one clear reason each, as a file-level error."""
    assert plan_from_file(tmp_path / "absent.csv", TRACKS, (), TODAY).errors[0].key == (
        "import.error.missing_file"
    )
    assert plan_from_file(tmp_path, TRACKS, (), TODAY).errors[0].key == "import.error.is_directory"
    assert plan_from_file(Path("/dev/zero"), TRACKS, (), TODAY).errors[0].key == (
        "import.error.not_regular"
    )


def test_unclosed_quote_is_reported_not_crashing() -> None:
    """A quote left open swallows the rest of the file: the row is still named, no crash."""
    text = 'nom;type;parcours;date_reference\n"A;patient;traitement-oral;01/02/2026\n'
    plan = parse_people(text, TRACKS, (), TODAY)
    assert not plan.ok and plan.errors[0].line == 2


def test_the_documented_template_imports_cleanly() -> None:
    """docs/import-template.csv (with its BOM, for Excel) is understood without any warning."""
    template = Path(__file__).resolve().parents[2] / "docs" / "import-template.csv"
    assert template.read_bytes().startswith(b"\xef\xbb\xbf")
    plan = parse_people(read_spreadsheet(template), TRACKS, (), TODAY)
    assert plan.ok and not plan.warnings and len(plan.rows) == 2
    assert {draft.kind for draft in plan.drafts} == {"partner", "patient"}


def test_a_code_repeated_after_a_bad_row_is_still_caught() -> None:
    """Row 2 is wrong (bad date) but its code counts: row 3 repeating it is reported too."""
    text = (
        "nom;type;parcours;date_reference;code\n"
        "A;patient;traitement-oral;bad;P-SAME\n"
        "B;patient;traitement-oral;01/02/2026;P-SAME\n"
    )
    plan = parse_people(text, TRACKS, (), TODAY)
    assert [(p.line, p.key) for p in plan.errors] == [
        (2, "import.error.date_invalid"),
        (3, "import.error.code_repeated"),
    ]


@given(st.text(max_size=60))
def test_fast_cell_cleaning_equals_the_full_cleaning(text: str) -> None:
    """The quick path for clean cells gives exactly what `textclean.clean_line` gives."""
    assert clean_line(text) == textclean.clean_line(text)
