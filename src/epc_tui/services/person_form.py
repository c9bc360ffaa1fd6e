"""Checking what a coach typed in the person form, field by field, before anything is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from epc_tui.textclean import clean_line
from epc_tui.vault.records import PERSON_KINDS

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s/]*(?:(?:ext|poste|x)\.?\s*[0-9]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class FormValues:
    """The raw values of the form (dates already understood by their fields, or None)."""

    full_name: str
    kind: str
    track_id: int | None
    anchor_text: str
    anchor_date: date | None
    code: str
    phone: str
    email: str
    referral_text: str
    referral_date: date | None


def phone_problem(phone: str) -> str | None:
    """A message key when `phone` is not a plausible phone number, else None."""
    if not phone.strip():
        return None
    digits = sum(char.isdigit() for char in phone)
    if not PHONE_CHARACTERS.match(phone.strip()) or not 7 <= digits <= 15:
        return "form.error.phone"
    return None


def email_problem(email: str) -> str | None:
    """A message key when `email` is not an e-mail address, else None."""
    if email.strip() and not EMAIL.match(email.strip()):
        return "form.error.email"
    return None


def validate(values: FormValues) -> dict[str, str]:
    """Field id → message key, for every field that needs fixing (empty: all good)."""
    problems: dict[str, str] = {}
    if not clean_line(values.full_name):
        problems["full_name"] = "form.error.name_required"
    if values.kind not in PERSON_KINDS:
        problems["kind"] = "form.error.kind_required"
    if values.track_id is not None and values.anchor_date is None:
        problems["anchor"] = (
            "form.error.date_invalid"
            if values.anchor_text.strip()
            else "form.error.anchor_required"
        )
    if values.referral_text.strip() and values.referral_date is None:
        problems["referral_date"] = "form.error.date_invalid"
    if not clean_line(values.code):
        problems["code"] = "form.error.code_required"
    phone = phone_problem(values.phone)
    if phone:
        problems["phone"] = phone
    email = email_problem(values.email)
    if email:
        problems["email"] = email
    return problems


def split_tags(text: str) -> tuple[str, ...]:
    """`cohorte 2026, comité` → ("cohorte 2026", "comité"), without duplicates or blanks."""
    seen: list[str] = []
    for part in text.split(","):
        tag = clean_line(part)
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)
