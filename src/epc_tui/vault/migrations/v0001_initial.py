"""Version 1: the tables as first released, frozen as SQL.

Frozen rather than generated from the models, so that later model changes never alter what
"version 1" means; migrations from here on describe every change.
"""

from __future__ import annotations

from typing import Any

STATEMENTS: tuple[str, ...] = (
    'CREATE TABLE "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "migrated_at" DATETIME NOT NULL)',
    'CREATE TABLE "vault_event" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "kind" VARCHAR(255) NOT NULL, "detail" VARCHAR(255) NOT NULL)',
    'CREATE INDEX "vault_event_at" ON "vault_event" ("at")',
    'CREATE TABLE "track" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "builtin_key" VARCHAR(255), "name" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "repeat_rule" VARCHAR(255), "repeat_from" VARCHAR(255) NOT NULL, "archived" INTEGER NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "track_uid" ON "track" ("uid")',
    'CREATE UNIQUE INDEX "track_builtin_key" ON "track" ("builtin_key")',
    'CREATE TABLE "track_step" ("id" INTEGER NOT NULL PRIMARY KEY, "track_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "key" VARCHAR(255) NOT NULL, "label" VARCHAR(255) NOT NULL, "offset_amount" INTEGER NOT NULL, "offset_unit" VARCHAR(255) NOT NULL, "offset_from" VARCHAR(255) NOT NULL, "window_before_days" INTEGER NOT NULL, "window_after_days" INTEGER NOT NULL, "default_mode" VARCHAR(255) NOT NULL, "default_duration_min" INTEGER NOT NULL, "prompts" TEXT NOT NULL, FOREIGN KEY ("track_id") REFERENCES "track" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "track_step_track_id" ON "track_step" ("track_id")',
    'CREATE UNIQUE INDEX "track_step_track_id_position" ON "track_step" ("track_id", "position")',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "code" VARCHAR(255) NOT NULL, "full_name" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "status_reason" TEXT NOT NULL, "track_id" INTEGER, "anchor_date" DATE, "cadence" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL, "email" VARCHAR(255) NOT NULL, "preferred_mode" VARCHAR(255) NOT NULL, "preferred_time" VARCHAR(255) NOT NULL, "referred_by" VARCHAR(255) NOT NULL, "referral_role" VARCHAR(255) NOT NULL, "referral_date" DATE, "criteria" TEXT NOT NULL, "profiles" TEXT NOT NULL, "tags" TEXT NOT NULL, "summary" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "closed_at" DATETIME, FOREIGN KEY ("track_id") REFERENCES "track" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "person_uid" ON "person" ("uid")',
    'CREATE UNIQUE INDEX "person_code" ON "person" ("code")',
    'CREATE INDEX "person_kind" ON "person" ("kind")',
    'CREATE INDEX "person_status" ON "person" ("status")',
    'CREATE INDEX "person_track_id" ON "person" ("track_id")',
    'CREATE TABLE "check_in" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "person_id" INTEGER NOT NULL, "step_id" INTEGER, "sequence" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "label" VARCHAR(255) NOT NULL, "planned_date" DATE NOT NULL, "planned_time" VARCHAR(255) NOT NULL, "window_start" DATE, "window_end" DATE, "status" VARCHAR(255) NOT NULL, "mode" VARCHAR(255) NOT NULL, "duration_planned_min" INTEGER NOT NULL, "held_at" DATETIME, "duration_seconds" INTEGER, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, FOREIGN KEY ("step_id") REFERENCES "track_step" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "check_in_uid" ON "check_in" ("uid")',
    'CREATE INDEX "check_in_person_id" ON "check_in" ("person_id")',
    'CREATE INDEX "check_in_step_id" ON "check_in" ("step_id")',
    'CREATE INDEX "check_in_planned_date" ON "check_in" ("planned_date")',
    'CREATE INDEX "check_in_status" ON "check_in" ("status")',
    'CREATE INDEX "check_in_person_id_planned_date" ON "check_in" ("person_id", "planned_date")',
    'CREATE INDEX "check_in_status_planned_date" ON "check_in" ("status", "planned_date")',
    'CREATE TABLE "check_in_change" ("id" INTEGER NOT NULL PRIMARY KEY, "check_in_id" INTEGER NOT NULL, "at" DATETIME NOT NULL, "field" VARCHAR(255) NOT NULL, "old_value" VARCHAR(255) NOT NULL, "new_value" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, FOREIGN KEY ("check_in_id") REFERENCES "check_in" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "check_in_change_check_in_id" ON "check_in_change" ("check_in_id")',
    'CREATE TABLE "call_attempt" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "person_id" INTEGER NOT NULL, "check_in_id" INTEGER, "at" DATETIME NOT NULL, "outcome" VARCHAR(255) NOT NULL, "call_back_at" DATETIME, "note" TEXT NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, FOREIGN KEY ("check_in_id") REFERENCES "check_in" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "call_attempt_uid" ON "call_attempt" ("uid")',
    'CREATE INDEX "call_attempt_person_id" ON "call_attempt" ("person_id")',
    'CREATE INDEX "call_attempt_check_in_id" ON "call_attempt" ("check_in_id")',
    'CREATE INDEX "call_attempt_at" ON "call_attempt" ("at")',
    'CREATE TABLE "logbook_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "person_id" INTEGER, "check_in_id" INTEGER, "kind" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "amendment_draft" TEXT, "cursor_row" INTEGER NOT NULL, "cursor_column" INTEGER NOT NULL, "themes" TEXT NOT NULL, "coach_state" INTEGER, "safety_net" INTEGER NOT NULL, "training_needs" TEXT NOT NULL, "relay" INTEGER NOT NULL, "relay_text" TEXT NOT NULL, "call_started_at" DATETIME, "call_ended_at" DATETIME, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "finalised_at" DATETIME, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, FOREIGN KEY ("check_in_id") REFERENCES "check_in" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "logbook_entry_uid" ON "logbook_entry" ("uid")',
    'CREATE INDEX "logbook_entry_person_id" ON "logbook_entry" ("person_id")',
    'CREATE INDEX "logbook_entry_check_in_id" ON "logbook_entry" ("check_in_id")',
    'CREATE INDEX "logbook_entry_status" ON "logbook_entry" ("status")',
    'CREATE INDEX "logbook_entry_created_at" ON "logbook_entry" ("created_at")',
    'CREATE TABLE "logbook_revision" ("id" INTEGER NOT NULL PRIMARY KEY, "entry_id" INTEGER NOT NULL, "number" INTEGER NOT NULL, "at" DATETIME NOT NULL, "body" TEXT NOT NULL, "reason" TEXT NOT NULL, "previous_hash" VARCHAR(255) NOT NULL, "chain_hash" VARCHAR(255) NOT NULL, FOREIGN KEY ("entry_id") REFERENCES "logbook_entry" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "logbook_revision_entry_id" ON "logbook_revision" ("entry_id")',
    'CREATE UNIQUE INDEX "logbook_revision_chain_hash" ON "logbook_revision" ("chain_hash")',
    'CREATE UNIQUE INDEX "logbook_revision_entry_id_number" ON "logbook_revision" ("entry_id", "number")',
    'CREATE TABLE "follow_up_action" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(255) NOT NULL, "person_id" INTEGER, "entry_id" INTEGER, "text" TEXT NOT NULL, "due_date" DATE, "done_at" DATETIME, "created_at" DATETIME NOT NULL, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE CASCADE, FOREIGN KEY ("entry_id") REFERENCES "logbook_entry" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "follow_up_action_uid" ON "follow_up_action" ("uid")',
    'CREATE INDEX "follow_up_action_person_id" ON "follow_up_action" ("person_id")',
    'CREATE INDEX "follow_up_action_entry_id" ON "follow_up_action" ("entry_id")',
    'CREATE INDEX "follow_up_action_due_date" ON "follow_up_action" ("due_date")',
)


def apply(database: Any) -> None:
    """Create the version-1 tables."""
    for statement in STATEMENTS:
        database.execute_sql(statement)
