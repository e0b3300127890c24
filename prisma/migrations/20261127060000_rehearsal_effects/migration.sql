-- What each rehearsal tier was seen to do, captured inside its transaction before COMMIT:
-- the bundle schema's assignments after the tier, and every change outside that schema.
CREATE TABLE "rehearsal_effects" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "tier" INTEGER NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "assignments" JSONB NOT NULL,
    "differences" JSONB NOT NULL,
    "captured_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rehearsal_effects_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "rehearsal_effects_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "rehearsal_effects_run_id_tier_key" ON "rehearsal_effects"("run_id", "tier");
CREATE INDEX "rehearsal_effects_bundle_digest_environment_tier_idx" ON "rehearsal_effects"("bundle_digest", "environment", "tier");

-- An observation is evidence: it is never edited or removed, so a difference cannot be made to go away.
CREATE FUNCTION "rehearsal_effects_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'rehearsal_effects rows are never changed or deleted' USING ERRCODE = 'ORA02';
END
$$;

CREATE TRIGGER "rehearsal_effects_no_change" BEFORE UPDATE OR DELETE ON "rehearsal_effects"
  FOR EACH ROW EXECUTE FUNCTION "rehearsal_effects_append_only"();
CREATE TRIGGER "rehearsal_effects_no_truncate" BEFORE TRUNCATE ON "rehearsal_effects"
  FOR EACH STATEMENT EXECUTE FUNCTION "rehearsal_effects_append_only"();
