-- A tier whose run's process died while it was in flight: the target rolled it back, so it is
-- neither applied nor failed by its own SQL. Only added here; no row uses it in this migration.
ALTER TYPE "TierRunStatus" ADD VALUE 'interrupted';
