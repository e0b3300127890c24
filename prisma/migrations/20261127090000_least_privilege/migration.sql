-- The chain head moves in the database, as part of the INSERT that appends an
-- event, so the role the app signs in with needs no write on audit_head at all,
-- and an inserted event that does not extend the head is refused whoever
-- inserts it. SECURITY DEFINER runs it as the owner of these tables; the
-- search_path is pinned (pg_temp last) so no one's temporary table can stand
-- in for audit_head.
CREATE FUNCTION "audit_head_advance"() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM public.audit_head WHERE id = 1 FOR UPDATE;
  IF head_seq IS NULL OR NEW.seq <> head_seq + 1 OR NEW.prev_hash <> head_hash THEN
    RAISE EXCEPTION 'audit event % does not extend the chain head (seq %)', NEW.seq, head_seq
      USING ERRCODE = 'ORA03';
  END IF;
  UPDATE public.audit_head SET seq = NEW.seq, hash = NEW.hash, updated_at = now() WHERE id = 1;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION "audit_head_advance"() FROM PUBLIC;

CREATE TRIGGER "audit_events_advance_head"
  AFTER INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_head_advance"();

-- Run by the owner (the role migrations run as) to let a separate, unprivileged
-- role use the control plane: DML on every table, now and on tables later
-- migrations add, except that audit_events is insert-only, audit_head and
-- _prisma_migrations are read-only. Owning nothing, that role cannot disable
-- triggers or alter tables. With one credential for everything it does nothing.
CREATE FUNCTION "one_roof_grant_app_role"(app_role name) RETURNS void
  LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF app_role = current_user THEN
    RETURN;
  END IF;
  IF pg_has_role(app_role, current_user, 'MEMBER')
     OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'role % holds the owner''s rights (superuser or member of %): it cannot be the restricted app role',
      app_role, current_user USING ERRCODE = 'ORA04';
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_events" FROM %I', app_role);
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_head" FROM %I', app_role);
  EXECUTE format(
    'REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "_prisma_migrations" FROM %I', app_role);
  EXECUTE format(
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app_role);
END
$$;

REVOKE ALL ON FUNCTION "one_roof_grant_app_role"(name) FROM PUBLIC;
