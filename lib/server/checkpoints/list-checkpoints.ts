import 'server-only';
import { z } from 'zod';
import { readEnv } from '@/lib/env';
import { wholeNumber } from '@/lib/parse-fields';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import { type Actor, newRequestContext, type RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import { checkpointDir } from '@/lib/server/checkpoints/checkpoint-dir';
import {
  checkpointFileName,
  listCheckpointSizes,
  readCheckpointFile,
} from '@/lib/server/checkpoints/checkpoint-files';
import { openNote, parseVerifierKey, verifierKey } from '@/lib/server/checkpoints/signed-note';
import { parseInput } from '@/lib/server/parse-input';
import { loadSigningKey } from '@/lib/server/signing/load-signing-key';

/** The route's parameters: a page of checkpoints, newest first, and where the next page starts. */
export const checkpointQuery = {
  limit: wholeNumber({ min: 1, max: 100 }).default(20),
  beforeSize: wholeNumber({ min: 1, max: Number.MAX_SAFE_INTEGER }).optional(),
};
const inputSchema = z.object(checkpointQuery);

export type CheckpointSummary = {
  size: number;
  rootHash: string;
  chainHead: string;
  time: string;
  file: string;
  /** Whether the server's current key verifies it; false for one signed before a key rotation. */
  verified: boolean;
  /** The signed note exactly as kept, for anyone who wants to check it themselves. */
  note: string;
};

export type CheckpointList = {
  /** The verifier key string Go's note package and verify-audit --key read. */
  verifierKey: string;
  checkpoints: CheckpointSummary[];
};

/**
 * The signed checkpoints of the audit log, newest first, as kept in
 * CHECKPOINT_DIR, with the key that verifies them. Page back with the
 * smallest size seen as beforeSize.
 */
export async function listCheckpoints(options: {
  actor: Actor;
  context?: RequestContext;
  limit?: number | string;
  beforeSize?: number | string;
}): Promise<CheckpointList> {
  const context = options.context ?? newRequestContext();
  await authorize({ actor: options.actor, context, permission: 'audit.read', target: 'audit:checkpoints' });
  const { limit, beforeSize } = await auditRefusals(
    {
      kind: 'input.refused',
      data: { input: 'checkpoint page' },
      actor: options.actor,
      context,
      target: 'audit:checkpoints',
    },
    async () => parseInput(inputSchema, { limit: options.limit, beforeSize: options.beforeSize }),
  );
  const env = readEnv();
  const dir = checkpointDir(env);
  const key = loadSigningKey();
  const verifierText = verifierKey(key.name, key.publicKeyRaw);
  const verifier = parseVerifierKey(verifierText);
  const sizes = (await listCheckpointSizes(dir)).filter(
    (size) => beforeSize === undefined || size < beforeSize,
  );
  const checkpoints: CheckpointSummary[] = [];
  for (const size of sizes.slice(0, limit)) {
    const note = await readCheckpointFile(dir, size);
    const opened = openNote(note, verifier);
    const body = opened.text || note.slice(0, note.indexOf('\n\n') + 1);
    const { checkpoint } = parseCheckpoint(body);
    checkpoints.push({
      size,
      rootHash: checkpoint?.root.toString('base64') ?? '',
      chainHead: checkpoint?.chainHead ?? '',
      time: checkpoint?.time ?? '',
      file: checkpointFileName(size),
      verified: opened.verified && checkpoint?.size === size,
      note,
    });
  }
  return { verifierKey: verifierText, checkpoints };
}
