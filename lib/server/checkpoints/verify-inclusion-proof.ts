// No 'server-only' and no database: `npm run gate -- verify-inclusion` checks a proof offline.
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { hashEvent } from '@/lib/server/audit/hash-event';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';
import { parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import { eventLeaf, verifyInclusion } from '@/lib/server/checkpoints/merkle-tree';
import { INCLUSION_PROOF_FORMAT } from '@/lib/server/checkpoints/prove-inclusion';
import { openNote, parseVerifierKey } from '@/lib/server/checkpoints/signed-note';

const base64Node = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a base64 SHA-256 hash');
const proofSchema = z.object({
  format: z.literal(INCLUSION_PROOF_FORMAT),
  checkpoint: z.string().min(1),
  event: z.record(z.string(), z.unknown()),
  leafIndex: z.number().int().min(0),
  treeSize: z.number().int().min(1),
  proof: z.array(base64Node).max(64),
});

export type InclusionVerification = {
  included: boolean;
  seq: string;
  kind: string;
  treeSize: number;
  key: string;
  problem: string | null;
};

/**
 * Checks an inclusion proof: the checkpoint's signature with the verifier
 * key, that the event (rehashed from its contents) is the leaf, and that the
 * audit path leads from it to the signed root at the signed size.
 */
export function verifyInclusionProof(options: { proof: unknown; key: string }): InclusionVerification {
  const parsed = proofSchema.safeParse(options.proof);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(
      'INVALID_INPUT',
      `Not an inclusion proof: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? ''}.`,
    );
  }
  let verifier: ReturnType<typeof parseVerifierKey>;
  try {
    verifier = parseVerifierKey(options.key);
  } catch (error) {
    throw new DomainError('INVALID_INPUT', `--key: ${(error as Error).message}.`);
  }
  const { checkpoint: note, leafIndex, treeSize } = parsed.data;
  const event = parsed.data.event as unknown as ExportedEvent;
  const base = {
    seq: String(event.seq),
    kind: String(event.kind),
    treeSize,
    key: `${verifier.name}+${verifier.keyId.toString('hex')}`,
  };
  const fail = (problem: string) => ({ ...base, included: false, problem });
  const opened = openNote(note, verifier);
  if (!opened.verified) return fail(`the checkpoint ${opened.problem}`);
  const { checkpoint, problem } = parseCheckpoint(opened.text);
  if (!checkpoint) return fail(`the checkpoint ${problem}`);
  if (checkpoint.size !== treeSize)
    return fail(`the proof is for size ${treeSize}, the checkpoint is of ${checkpoint.size}`);
  if (String(event.seq) !== String(leafIndex + 1))
    return fail(`event ${String(event.seq)} is not leaf ${leafIndex}`);
  const included = verifyInclusion({
    leaf: eventLeaf(hashEvent(event)),
    index: leafIndex,
    size: treeSize,
    proof: parsed.data.proof.map((node) => Buffer.from(node, 'base64')),
    root: checkpoint.root,
  });
  return included
    ? { ...base, included, problem: null }
    : fail('the audit path does not lead to the signed root');
}
