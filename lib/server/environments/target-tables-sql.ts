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
