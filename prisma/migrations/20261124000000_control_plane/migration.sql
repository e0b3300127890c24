-- CreateEnum
CREATE TYPE "RunKind" AS ENUM ('apply', 'reset_clone', 'rollback_structure');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('running', 'succeeded', 'refused', 'failed', 'interrupted');

-- CreateEnum
CREATE TYPE "TierRunStatus" AS ENUM ('pending', 'running', 'applied', 'skipped', 'refused', 'failed');

-- CreateTable
CREATE TABLE "environments" (
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "environments_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "kind" "RunKind" NOT NULL,
    "environment" TEXT NOT NULL,
    "bundle_name" TEXT NOT NULL,
    "bundle_digest" TEXT NOT NULL,
    "tiers" INTEGER[],
    "status" "RunStatus" NOT NULL,
    "actor" TEXT NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "pid" INTEGER NOT NULL,
    "host" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tier_runs" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "tier" INTEGER NOT NULL,
    "status" "TierRunStatus" NOT NULL,
    "statements_total" INTEGER NOT NULL DEFAULT 0,
    "statements_done" INTEGER NOT NULL DEFAULT 0,
    "rows_affected" INTEGER NOT NULL DEFAULT 0,
    "gap_before" INTEGER,
    "gap_after" INTEGER,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "error_code" TEXT,
    "error_message" TEXT,

    CONSTRAINT "tier_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_environment_started_at_idx" ON "runs"("environment", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "tier_runs_run_id_tier_key" ON "tier_runs"("run_id", "tier");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_environment_fkey" FOREIGN KEY ("environment") REFERENCES "environments"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tier_runs" ADD CONSTRAINT "tier_runs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
