-- CreateEnum
CREATE TYPE "Role" AS ENUM ('approver', 'owner', 'operator', 'auditor', 'viewer');

-- CreateEnum
CREATE TYPE "ApproverLevel" AS ENUM ('L1', 'L2', 'L3', 'L4');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT,
    "disabled_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_grants" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "level" "ApproverLevel",
    "granted_by" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_by" TEXT,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "role_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "role_grants_level_only_for_approvers" CHECK (("role" = 'approver') = ("level" IS NOT NULL))
);

-- CreateTable
CREATE TABLE "proposals" (
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "proposed_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposals_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ratifications" (
    "id" UUID NOT NULL,
    "proposal_code" TEXT NOT NULL,
    "approver_id" UUID NOT NULL,
    "approver_level" "ApproverLevel" NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "approval_row_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,
    "revoke_reason" TEXT,

    CONSTRAINT "ratifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "structure_authorizations" (
    "id" UUID NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "authorized_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "structure_authorizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_id" UUID,
    "actor_label" TEXT NOT NULL,
    "actor_roles" TEXT[],
    "target" TEXT NOT NULL,
    "digest" TEXT,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "request_id" TEXT,
    "ip" TEXT,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "audit_head_single_row" CHECK ("id" = 1)
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "role_grants_user_id_idx" ON "role_grants"("user_id");

-- One active grant per user and role.
CREATE UNIQUE INDEX "role_grants_one_active" ON "role_grants"("user_id", "role") WHERE "revoked_at" IS NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ratifications_request_id_key" ON "ratifications"("request_id");

-- CreateIndex
CREATE INDEX "ratifications_proposal_code_bundle_digest_idx" ON "ratifications"("proposal_code", "bundle_digest");

-- One standing ratification per approver, proposal and digest, however often it is asked for.
CREATE UNIQUE INDEX "ratifications_one_per_approver" ON "ratifications"("proposal_code", "bundle_digest", "approver_id") WHERE "revoked_at" IS NULL;

-- CreateIndex
CREATE UNIQUE INDEX "structure_authorizations_bundle_digest_key" ON "structure_authorizations"("bundle_digest");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events"("id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_kind_actor_id_created_at_idx" ON "audit_events"("kind", "actor_id", "created_at");

-- AddForeignKey
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratifications" ADD CONSTRAINT "ratifications_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit trail is append-only in the database itself, whoever connects.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'ORA01';
END
$$;

CREATE TRIGGER "audit_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();

-- Ratifications and role grants are revoked, never deleted.
CREATE FUNCTION "forbid_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are revoked, never deleted', TG_TABLE_NAME USING ERRCODE = 'ORA02';
END
$$;

CREATE TRIGGER "ratifications_no_delete" BEFORE DELETE ON "ratifications" FOR EACH ROW EXECUTE FUNCTION "forbid_delete"();
CREATE TRIGGER "role_grants_no_delete" BEFORE DELETE ON "role_grants" FOR EACH ROW EXECUTE FUNCTION "forbid_delete"();

-- The chain starts at a genesis head, so every append can lock an existing row.
INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, repeat('0', 64));
