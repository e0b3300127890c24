import { hash } from 'node:crypto';
import { canonicalJson, sortedCopy, UNSORTABLE } from '@/lib/server/audit/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an event's hash covers: everything but the hash itself. */
export type HashedEvent = {
  seq: string;
  id: string;
  kind: string;
  actorId: string | null;
  actorLabel: string;
  actorRoles: string[];
  target: string;
  digest: string | null;
  outcome: string;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  data: unknown;
  createdAt: string;
  prevHash: string;
  /** A refusal's code. Hashed only when present, so events written before the field existed verify unchanged. */
  code?: string | null;
};

/**
 * sha256 of the canonical JSON of exactly the hashed fields (so an exported
 * event's own hash field is left out without copying the event). The fields
 * are laid out in sorted key order and their values sorted once, so the
 * engine's JSON.stringify writes the canonical text directly: verifying a long
 * chain spends most of its time here.
 */
export function hashEvent(event: HashedEvent): string {
  const fields = {
    actorId: sortedCopy(event.actorId),
    actorLabel: sortedCopy(event.actorLabel),
    actorRoles: sortedCopy(event.actorRoles),
    ...(event.code == null ? {} : { code: event.code }),
    createdAt: sortedCopy(event.createdAt),
    data: sortedCopy(event.data),
    digest: sortedCopy(event.digest),
    id: sortedCopy(event.id),
    ip: sortedCopy(event.ip),
    kind: sortedCopy(event.kind),
    outcome: sortedCopy(event.outcome),
    prevHash: sortedCopy(event.prevHash),
    reason: sortedCopy(event.reason),
    requestId: sortedCopy(event.requestId),
    seq: sortedCopy(event.seq),
    target: sortedCopy(event.target),
  };
  const sortable = !Object.values(fields).includes(UNSORTABLE);
  const text = sortable ? (JSON.stringify(fields) as string) : canonicalJson(pickHashed(event));
  return hash('sha256', text, 'hex');
}

function pickHashed(event: HashedEvent): HashedEvent {
  const { seq, id, kind, actorId, actorLabel, actorRoles, target, digest, outcome } = event;
  const { reason, requestId, ip, data, createdAt, prevHash, code } = event;
  return {
    seq,
    id,
    kind,
    actorId,
    actorLabel,
    actorRoles,
    target,
    digest,
    outcome,
    reason,
    requestId,
    ip,
    data,
    createdAt,
    prevHash,
    ...(code == null ? {} : { code }),
  };
}
