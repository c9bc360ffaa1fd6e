"""Hostile settings files: whatever bytes are in settings.json, the reader returns usable
settings (defaults for anything wrong) and never raises — random bytes and mutated valid files."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epc_tui.settings import MAX_SETTINGS_SIZE, Settings, load_settings, save_settings

VALID = Settings(
    language="en",
    region="FR",
    holiday_subdivision="ON",
    lock_after_minutes=12.5,
    theme="epc-high-contrast",
    skip_weekends=False,
    backup_keep_daily=3,
)
VALID_BYTES = json.dumps(asdict(VALID), indent=2).encode("utf-8")
PROFILE = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_usable(loaded: Settings) -> None:
    """Every field has its declared type and the guarded values are within their range."""
    defaults = Settings()
    for field in fields(Settings):
        value = getattr(loaded, field.name)
        expected = type(getattr(defaults, field.name))
        assert type(value) is expected, (field.name, value)
    assert loaded.language in ("", "fr", "en")
    assert loaded.region in ("CA", "FR")
    assert 0.05 <= loaded.lock_after_minutes <= 240


def read(tmp_path: Path, raw: bytes) -> Settings:
    """Write `raw` as the settings file and read it back."""
    path = tmp_path / "settings.json"
    path.write_bytes(raw)
    return load_settings(path)


@st.composite
def mutated(draw: st.DrawFn, original: bytes = VALID_BYTES) -> bytes:
    """A valid settings file after 1–4 random edits: flipped, deleted, inserted, duplicated
    or truncated bytes — what a failing disk or a careless editor leaves behind."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 32))]
        else:
            del data[at:]
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@PROFILE
@given(raw=st.binary(max_size=4096))
def test_random_bytes_give_usable_settings(tmp_path: Path, raw: bytes) -> None:
    """Random bytes never raise and always give usable settings."""
    assert_usable(read(tmp_path, raw))


@PROFILE
@given(raw=mutated())
def test_mutated_valid_files_give_usable_settings(tmp_path: Path, raw: bytes) -> None:
    """A valid file with random byte edits never raises and gives usable settings."""
    assert_usable(read(tmp_path, raw))


@PROFILE
@given(
    field=st.sampled_from([field.name for field in fields(Settings)] + ["unknown", ""]),
    value=JSON_VALUES,
)
def test_each_field_replaced_by_any_json_value(tmp_path: Path, field: str, value: object) -> None:
    """One field replaced by any JSON value (wrong type, NaN, huge number, nested list):
    usable settings, and every other field keeps its value from the file."""
    document = asdict(VALID)
    document[field] = value
    loaded = read(tmp_path, json.dumps(document).encode())
    assert_usable(loaded)
    for other in fields(Settings):
        if other.name != field and other.name not in ("language", "region"):
            assert getattr(loaded, other.name) == getattr(VALID, other.name), other.name


def test_a_valid_file_round_trips_and_damage_falls_back_to_defaults(tmp_path: Path) -> None:
    """The negative control: a saved file is read back exactly (so the properties above
    are not satisfied by a reader that ignores the file), and an oversized or non-object file
    gives the defaults."""
    path = tmp_path / "settings.json"
    save_settings(path, VALID)
    assert load_settings(path) == VALID
    assert read(tmp_path, b"[1, 2, 3]") == Settings()
    assert read(tmp_path, b'{"language": "en", "lock_after_minu') == Settings()
    oversized = b'{"language": "en", "pad": "' + b"x" * MAX_SETTINGS_SIZE + b'"}'
    assert read(tmp_path, oversized) == Settings()
    assert load_settings(tmp_path / "absent.json") == Settings()


def test_numbers_out_of_range_fall_back_to_defaults(tmp_path: Path) -> None:
    """Negative, zero, huge and non-finite numbers never reach the application."""
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "autosave_seconds": -1,
                "failed_attempts_before_flag": 0,
                "backup_keep_daily": 10**9,
                "backup_keep_weekly": -3,
                "lock_after_minutes": 1e309,
            }
        )
    )
    loaded = load_settings(path)
    defaults = Settings()
    assert loaded.autosave_seconds == defaults.autosave_seconds
    assert loaded.failed_attempts_before_flag == defaults.failed_attempts_before_flag
    assert loaded.backup_keep_daily == defaults.backup_keep_daily
    assert loaded.backup_keep_weekly == defaults.backup_keep_weekly
    assert loaded.lock_after_minutes == defaults.lock_after_minutes
