import 'server-only';

// The tables the gate needs in every target. Created only when missing; an
// existing table is checked for these columns and never altered.

export const createProposalsTable = `
CREATE TABLE public.os_proposals (
  code             text PRIMARY KEY,
  title            text NOT NULL,
  status           text NOT NULL DEFAULT 'pending',
  quorum           integer NOT NULL CHECK (quorum >= 1),
  ratifying_levels text[] NOT NULL,
  proposed_by      text,
  proposed_at      timestamptz NOT NULL DEFAULT now()
)`;

export const createApprovalsTable = `
CREATE TABLE public.os_proposal_approvals (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  proposal_code   text NOT NULL REFERENCES public.os_proposals (code),
  approver        text NOT NULL,
  approver_level  text NOT NULL,
  bundle_digest   text NOT NULL,
  approved_at     timestamptz NOT NULL DEFAULT now(),
  ratification_id text,
  rehearsal       boolean NOT NULL DEFAULT false,
  revoked_at      timestamptz,
  revoked_by      text
);
CREATE UNIQUE INDEX os_proposal_approvals_one_per_approver
  ON public.os_proposal_approvals (proposal_code, bundle_digest, approver)
  WHERE revoked_at IS NULL`;

export const requiredApprovalColumns = [
  'id',
  'proposal_code',
  'approver',
  'approver_level',
  'bundle_digest',
  'approved_at',
  'ratification_id',
  'rehearsal',
  'revoked_at',
  'revoked_by',
];

// A database holding this table is a rehearsal target: rehearsal approvals
// count there (and only there) for the in-database gate and emission.
export const createRehearsalMarker = `
CREATE TABLE public.os_rehearsal_target (
  marked_at timestamptz NOT NULL DEFAULT now(),
  note      text NOT NULL
)`;

// Every write to the approvals table, whoever makes it (the app, psql, another
// tool), leaves a row here. The trigger runs SECURITY DEFINER so that writers
// of approvals need no privilege on the log and cannot forge entries in it;
// `role` is read because current_user inside such a function is its owner.
export const createApprovalLogTable = `
CREATE TABLE public.os_proposal_approvals_log (
  seq              bigserial PRIMARY KEY,
  operation        text NOT NULL,
  row_id           uuid,
  row_data         jsonb,
  db_user          text NOT NULL,
  session_user_name text NOT NULL,
  application_name text NOT NULL,
  client_addr      inet,
  txid             bigint NOT NULL,
  logged_at        timestamptz NOT NULL
);
CREATE INDEX os_proposal_approvals_log_row ON public.os_proposal_approvals_log (row_id);

CREATE FUNCTION public.os_proposal_approvals_log_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'os_proposal_approvals_log is append-only: % refused', TG_OP;
END $$;

CREATE TRIGGER os_proposal_approvals_log_no_change
  BEFORE UPDATE OR DELETE ON public.os_proposal_approvals_log
  FOR EACH ROW EXECUTE FUNCTION public.os_proposal_approvals_log_refuse();
CREATE TRIGGER os_proposal_approvals_log_no_truncate
  BEFORE TRUNCATE ON public.os_proposal_approvals_log
  FOR EACH STATEMENT EXECUTE FUNCTION public.os_proposal_approvals_log_refuse();

CREATE FUNCTION public.os_proposal_approvals_log_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  written jsonb := CASE TG_OP WHEN 'DELETE' THEN to_jsonb(OLD) WHEN 'TRUNCATE' THEN NULL ELSE to_jsonb(NEW) END;
BEGIN
  INSERT INTO public.os_proposal_approvals_log
    (operation, row_id, row_data, db_user, session_user_name, application_name, client_addr, txid, logged_at)
  VALUES (
    TG_OP,
    (written ->> 'id')::uuid,
    written,
    CASE current_setting('role') WHEN 'none' THEN session_user::text ELSE current_setting('role') END,
    session_user,
    current_setting('application_name'),
    inet_client_addr(),
    txid_current(),
    now()
  );
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION public.os_proposal_approvals_log_write() FROM PUBLIC`;

export const requiredApprovalLogColumns = [
  'seq',
  'operation',
  'row_id',
  'row_data',
  'db_user',
  'application_name',
  'client_addr',
  'txid',
  'logged_at',
];

/** Attaches the log to the approvals table; adds no column and changes no row of it. */
export const createApprovalLogTriggers = `
CREATE TRIGGER os_proposal_approvals_logged
  AFTER INSERT OR UPDATE OR DELETE ON public.os_proposal_approvals
  FOR EACH ROW EXECUTE FUNCTION public.os_proposal_approvals_log_write();
CREATE TRIGGER os_proposal_approvals_logged_truncate
  AFTER TRUNCATE ON public.os_proposal_approvals
  FOR EACH STATEMENT EXECUTE FUNCTION public.os_proposal_approvals_log_write()`;

export const approvalLogTriggerNames = [
  'os_proposal_approvals_logged',
  'os_proposal_approvals_logged_truncate',
];
