// No 'server-only' and no database: `npm run gate -- verify-audit export.json --checkpoints DIR` runs this offline.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@/lib/errors';
import { hashEvent } from '@/lib/server/audit/hash-event';
import { type Checkpoint, parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import {
  checkpointFileName,
  listCheckpointSizes,
  readCheckpointFile,
  VERIFIER_KEY_FILE,
} from '@/lib/server/checkpoints/checkpoint-files';
import { eventLeaf, MerkleFrontier } from '@/lib/server/checkpoints/merkle-tree';
import { readExportEvents } from '@/lib/server/checkpoints/read-export-events';
import { type NoteVerifier, openNote, parseVerifierKey } from '@/lib/server/checkpoints/signed-note';

export type CheckpointMismatch = { size: number; file: string; problem: string };

export type CheckpointVerification = {
  consistent: boolean;
  /** Checkpoints the export reproduced: size, root and chain head. */
  matched: number;
  /** Checkpoints made after the export, which it cannot speak for. */
  newer: number;
  events: number;
  /** The verifier keys that were trusted, as `<name>+<key id>`. */
  keys: string[];
  keySource: 'argument' | 'directory';
  firstMismatch: CheckpointMismatch | null;
};

type Signed = Checkpoint & { file: string };

/**
 * Proves an export consistent with every signed checkpoint in dir: each
 * checkpoint's signature verifies with the key, and the export's events,
 * rehashed from their contents, give each checkpoint's Merkle root and chain
 * head at its size. A log rewritten in the database, every later hash and the
 * head recomputed, still verifies on its own, but no longer gives the root a
 * checkpoint signed before the rewrite. Names the first checkpoint, by size,
 * that does not match. A checkpoint larger than the export that was signed
 * before the export was made means events were deleted from the end.
 */
export async function verifyExportCheckpoints(options: {
  file: string;
  dir: string;
  key?: string;
}): Promise<CheckpointVerification> {
  const { file, dir } = options;
  const verifiers = await readVerifiers(dir, options.key);
  const keys = verifiers.map((verifier) => `${verifier.name}+${verifier.keyId.toString('hex')}`);
  const keySource = options.key ? ('argument' as const) : ('directory' as const);
  const sizes = (await listCheckpointSizes(dir)).reverse();
  if (sizes.length === 0) throw new DomainError('NOT_FOUND', `${dir} holds no checkpoints.`, { dir });
  const result = (
    firstMismatch: CheckpointMismatch | null,
    counts: { matched: number; newer: number; events: number },
  ) => ({
    consistent: firstMismatch === null,
    ...counts,
    keys,
    keySource,
    firstMismatch,
  });

  const checkpoints: Signed[] = [];
  for (const size of sizes) {
    const signed = await openSigned(dir, size, verifiers);
    if ('problem' in signed) return result(signed, { matched: 0, newer: 0, events: 0 });
    checkpoints.push(signed);
  }

  const frontier = new MerkleFrontier();
  let exportedAt: string | null = null;
  let next = 0;
  for await (const item of readExportEvents(file)) {
    if ('header' in item) {
      exportedAt = item.header.exportedAt;
      continue;
    }
    const { event } = item;
    if (event.seq !== String(frontier.size + 1)) {
      const at = checkpoints[next];
      const problem = `the export's event ${frontier.size + 1} is out of place (seq ${String(event.seq)})`;
      if (at)
        return result(
          { size: at.size, file: at.file, problem },
          { matched: next, newer: 0, events: frontier.size },
        );
      break;
    }
    // Rehashed from the contents: a stored hash proves nothing about the fields beside it.
    const hash = hashEvent(event);
    frontier.append(eventLeaf(hash));
    const checkpoint = checkpoints[next];
    if (checkpoint?.size !== frontier.size) continue;
    const problem = !frontier.root().equals(checkpoint.root)
      ? `the export's first ${checkpoint.size} events do not give the signed root hash`
      : hash !== checkpoint.chainHead
        ? `the export's event ${checkpoint.size} does not have the signed chain head`
        : null;
    if (problem)
      return result(
        { size: checkpoint.size, file: checkpoint.file, problem },
        { matched: next, newer: 0, events: frontier.size },
      );
    next += 1;
  }
  const beyond = checkpoints.slice(next);
  const truncated = beyond.find((checkpoint) => exportedAt !== null && checkpoint.time < exportedAt);
  if (truncated) {
    const problem = `signed at ${truncated.time} with ${truncated.size} events, before this export of ${frontier.size} was made at ${exportedAt}: events were deleted from the end`;
    return result(
      { size: truncated.size, file: truncated.file, problem },
      { matched: next, newer: 0, events: frontier.size },
    );
  }
  return result(null, { matched: next, newer: beyond.length, events: frontier.size });
}

async function readVerifiers(dir: string, key: string | undefined): Promise<NoteVerifier[]> {
  const source = key ? 'the --key argument' : path.join(dir, VERIFIER_KEY_FILE);
  const text = key ?? (await readFile(path.join(dir, VERIFIER_KEY_FILE), 'utf8').catch(() => ''));
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 0) {
    throw new DomainError('INVALID_INPUT', `${source} has no verifier key: pass --key <name>+<id>+<key>.`, {
      dir,
    });
  }
  try {
    return lines.map(parseVerifierKey);
  } catch (error) {
    throw new DomainError('INVALID_INPUT', `${source}: ${(error as Error).message}.`, { dir });
  }
}

async function openSigned(
  dir: string,
  size: number,
  verifiers: NoteVerifier[],
): Promise<Signed | CheckpointMismatch> {
  const file = checkpointFileName(size);
  const note = await readCheckpointFile(dir, size);
  const opened = verifiers.map((verifier) => openNote(note, verifier));
  const verified = opened.find((attempt) => attempt.verified);
  if (!verified) return { size, file, problem: `the signature ${opened[0]?.problem ?? 'is missing'}` };
  const { checkpoint, problem } = parseCheckpoint(verified.text);
  if (!checkpoint) return { size, file, problem: `the checkpoint ${problem}` };
  if (checkpoint.size !== size)
    return { size, file, problem: `the file holds a checkpoint of size ${checkpoint.size}` };
  return { ...checkpoint, file };
}
