-- Issue 11: a refusal's code is its own field, so nothing parses "CODE: message" back out of the reason.
-- Nullable and left out of the hash when null: every event written before verifies unchanged. The append-only
-- triggers are row-level and the app role's INSERT grant is table-wide, so both cover the new column as they stand.
ALTER TABLE "audit_events" ADD COLUMN "code" TEXT;
