"""Prompts shown beside the note during a call, chosen by the step of the check-in.

They help the coach remember what the step is for; they never force a structure. A track step
can carry its own prompts (`TrackStep.prompts`, one per line), which replace the built-in ones.
"""

from __future__ import annotations

from epc_tui.i18n import t

_BY_STEP: dict[str, tuple[str, ...]] = {
    "m1": ("prompt.expectations", "prompt.objectives", "prompt.limits"),
    "m3": ("prompt.went_well", "prompt.difficult", "prompt.strategies"),
    "m6": ("prompt.went_well", "prompt.difficult", "prompt.strategies"),
    "m12": ("prompt.year_review", "prompt.training_needs", "prompt.continue"),
    "yearly": ("prompt.year_review", "prompt.training_needs", "prompt.continue"),
    "j2": ("prompt.treatment", "prompt.worries", "prompt.care_team_questions"),
    "oral": ("prompt.treatment", "prompt.worries", "prompt.care_team_questions"),
}
_GENERAL = ("prompt.how_are_you", "prompt.since_last", "prompt.next_steps")


def step_family(step_key: str, check_in_kind: str, track_key: str | None) -> str:
    """The prompt family of a check-in: its step, or the track's repeats (yearly, oral)."""
    if step_key in _BY_STEP:
        return step_key
    if check_in_kind == "repeat":
        if track_key == "oral-therapy":
            return "oral"
        if track_key == "first-year-support":
            return "yearly"
    return ""


def prompts_for(
    step_key: str,
    check_in_kind: str = "planned",
    track_key: str | None = None,
    custom: str = "",
) -> list[str]:
    """The prompts to show, in the current language (custom ones as the coach wrote them)."""
    own = [line.strip() for line in custom.splitlines() if line.strip()]
    if own:
        return own
    keys = _BY_STEP.get(step_family(step_key, check_in_kind, track_key), _GENERAL)
    return [t(key) for key in keys]
