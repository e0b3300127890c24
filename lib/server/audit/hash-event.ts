import { createHash } from 'node:crypto';
import { canonicalJson } from '@/lib/server/audit/canonical-json';

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
};

export function hashEvent(event: HashedEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}
