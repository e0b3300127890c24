-- Drift an owner explained (issue 10): a production apply is refused while governed rows changed outside any tier
-- and nobody re-applied or acknowledged the change. An acknowledgement is evidence, so it is never edited or removed.
CREATE TABLE "drift_acknowledgements" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "environment" TEXT NOT NULL,
  "up_to_drift_id" TEXT CHECK ("up_to_drift_id" ~ '^[0-9]{1,19}$'),
  "tier_hashes" JSONB NOT NULL DEFAULT '[]'::jsonb,
  "reason" TEXT NOT NULL CHECK (char_length("reason") BETWEEN 3 AND 500),
  "actor_id" UUID NOT NULL REFERENCES "users"("id"),
  "actor_label" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "drift_acknowledgements_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "drift_acknowledgements_environment_created_at_idx"
  ON "drift_acknowledgements"("environment", "created_at");

CREATE FUNCTION "drift_acknowledgements_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'drift_acknowledgements rows are never changed or deleted' USING ERRCODE = 'ORA02';
END
$$;

CREATE TRIGGER "drift_acknowledgements_no_change" BEFORE UPDATE OR DELETE ON "drift_acknowledgements"
  FOR EACH ROW EXECUTE FUNCTION "drift_acknowledgements_append_only"();
CREATE TRIGGER "drift_acknowledgements_no_truncate" BEFORE TRUNCATE ON "drift_acknowledgements"
  FOR EACH STATEMENT EXECUTE FUNCTION "drift_acknowledgements_append_only"();
