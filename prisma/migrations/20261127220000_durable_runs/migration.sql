-- A run whose process dies is taken over by another process, which resumes it
-- as the person who asked for it: the run keeps that person's id and counts its
-- takeovers, so a run that kills every process taking it is not resumed forever.
ALTER TABLE "runs" ADD COLUMN "actor_id" UUID;
ALTER TABLE "runs" ADD COLUMN "resumes" INTEGER NOT NULL DEFAULT 0;
