// No 'server-only' and no database: `npm run gate -- audit-proof` builds the proof from an export, offline.
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { hashEvent } from '@/lib/server/audit/hash-event';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import { eventLeaf, inclusionProof, rootOf } from '@/lib/server/checkpoints/merkle-tree';
import { readExportEvents } from '@/lib/server/checkpoints/read-export-events';

export const INCLUSION_PROOF_FORMAT = 'one-roof-inclusion-proof/1';

export type InclusionProof = {
  format: typeof INCLUSION_PROOF_FORMAT;
  /** The signed checkpoint, as kept in CHECKPOINT_DIR. */
  checkpoint: string;
  /** RFC 9162 audit path from the event's leaf at `leafIndex` of `treeSize`, nearest sibling first, base64. */
  proof: string[];
  leafIndex: number;
  treeSize: number;
  event: ExportedEvent;
};

const inputSchema = z.object({
  file: z.string().min(1),
  seq: z.string().regex(/^[1-9][0-9]{0,15}$/, 'must be an event seq'),
  checkpoint: z.string().min(1),
});

/**
 * An inclusion proof of one event against a signed checkpoint, from an
 * export that holds at least the checkpoint's events. Someone holding only the
 * proof and the log's verifier key can check that this exact event is in the
 * log the checkpoint signed, without the export or the server.
 */
export async function proveInclusion(options: {
  file: string;
  seq: string;
  checkpoint: string;
}): Promise<InclusionProof> {
  const parsed = inputSchema.safeParse(options);
  if (!parsed.success)
    throw new DomainError('INVALID_INPUT', `seq ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
  const { file, checkpoint: note } = parsed.data;
  const { checkpoint, problem } = parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
  if (!checkpoint) throw new DomainError('INVALID_INPUT', `The checkpoint ${problem}.`);
  const seq = Number(parsed.data.seq);
  if (seq > checkpoint.size) {
    throw new DomainError('NOT_FOUND', `Event ${seq} is not in the checkpoint of size ${checkpoint.size}.`);
  }
  const leaves: Buffer[] = [];
  let event: ExportedEvent | null = null;
  for await (const item of readExportEvents(file)) {
    if (!('event' in item) || leaves.length === checkpoint.size) continue;
    leaves.push(eventLeaf(hashEvent(item.event)));
    if (leaves.length === seq) event = item.event;
  }
  if (leaves.length < checkpoint.size || !event) {
    throw new DomainError(
      'NOT_FOUND',
      `${file} holds ${leaves.length} events, fewer than the checkpoint's ${checkpoint.size}.`,
    );
  }
  if (!rootOf(leaves).equals(checkpoint.root)) {
    throw new DomainError(
      'INVALID_INPUT',
      `${file} does not give the checkpoint's root: verify-audit --checkpoints says where.`,
    );
  }
  return {
    format: INCLUSION_PROOF_FORMAT,
    checkpoint: note,
    event,
    leafIndex: seq - 1,
    treeSize: checkpoint.size,
    proof: inclusionProof(leaves, seq - 1).map((node) => node.toString('base64')),
  };
}
