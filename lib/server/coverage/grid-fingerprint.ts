import 'server-only';
import { createHash } from 'node:crypto';

export type GridFingerprint = { count: number; sha256: string };

/**
 * What one axis of the grid (collection or kind names) looks like without
 * listing it: how many names, and the SHA-256 of them sorted byte-wise and
 * joined by newlines. readTargetState computes the same over the target's
 * table in PostgreSQL, so the two compare with O(1) bytes on the wire. Manifest names
 * are ASCII SQL identifiers, where JavaScript's sort and `COLLATE "C"` agree;
 * any other name on a target differs from the bundle's anyway.
 */
export function gridFingerprint(names: readonly string[]): GridFingerprint {
  const unique = [...new Set(names)].sort();
  return { count: unique.length, sha256: createHash('sha256').update(unique.join('\n')).digest('hex') };
}
