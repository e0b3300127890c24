-- Passkey-signed ratifications (issue 10): approvers' WebAuthn credentials, the
-- single-use challenges handed to them, and on each ratification how presence
-- was proved and the evidence that lets anyone check the signature offline.
CREATE TABLE "passkeys" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL REFERENCES "users"("id"),
  "credential_id" TEXT NOT NULL,
  "public_key" BYTEA NOT NULL,
  "counter" BIGINT NOT NULL DEFAULT 0,
  "transports" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  "name" TEXT NOT NULL,
  "aaguid" TEXT,
  "backed_up" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  CONSTRAINT "passkeys_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "passkeys_name_length" CHECK (char_length("name") BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX "passkeys_credential_id_key" ON "passkeys"("credential_id");
CREATE INDEX "passkeys_user_id_idx" ON "passkeys"("user_id");

CREATE TABLE "webauthn_challenges" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL REFERENCES "users"("id"),
  "purpose" TEXT NOT NULL CHECK ("purpose" IN ('register', 'ratify')),
  "challenge" TEXT NOT NULL,
  "preimage" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "consumed_at" TIMESTAMPTZ(3),
  CONSTRAINT "webauthn_challenges_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "webauthn_challenges_challenge_key" ON "webauthn_challenges"("challenge");
CREATE INDEX "webauthn_challenges_user_id_purpose_idx" ON "webauthn_challenges"("user_id", "purpose");

ALTER TABLE "ratifications" ADD COLUMN "step_up" TEXT NOT NULL DEFAULT 'password'
  CHECK ("step_up" IN ('password', 'sso', 'passkey'));
ALTER TABLE "ratifications" ADD COLUMN "passkey_id" UUID;
ALTER TABLE "ratifications" ADD COLUMN "passkey_evidence" JSONB;
-- A passkey ratification without its evidence could not be checked offline.
ALTER TABLE "ratifications" ADD CONSTRAINT "ratifications_passkey_evidence"
  CHECK (("step_up" = 'passkey') = ("passkey_evidence" IS NOT NULL AND "passkey_id" IS NOT NULL));
