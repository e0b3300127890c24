import 'server-only';
import type pg from 'pg';
import { readEnv } from '@/lib/env';
import { getAuditReadPool } from '@/lib/server/audit/audit-read-pool';
import { GENESIS_HASH } from '@/lib/server/audit/hash-event';
import { formatCheckpoint, parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import { checkpointDir } from '@/lib/server/checkpoints/checkpoint-dir';
import {
  appendLineOnce,
  checkpointFileName,
  createFileOnce,
  listCheckpointSizes,
  readCheckpointFile,
  VERIFIER_KEY_FILE,
} from '@/lib/server/checkpoints/checkpoint-files';
import { frontierFile } from '@/lib/server/checkpoints/frontier-file';
import { eventLeaf, MerkleFrontier } from '@/lib/server/checkpoints/merkle-tree';
import { openNote, parseVerifierKey, signNote, verifierKey } from '@/lib/server/checkpoints/signed-note';
import { loadSigningKey, type SigningKey } from '@/lib/server/signing/load-signing-key';

/** One writer of checkpoints at a time across every instance sharing the control plane. */
export const CHECKPOINT_LOCK_KEY = 72_710_100;

const PAGE = 5_000;

export type CheckpointPass =
  | { outcome: 'made'; size: number; file: string }
  | { outcome: 'not-due' | 'busy'; size: number }
  | { outcome: 'diverged'; size: number; problem: string };

type Tip = { size: number; nodes: Buffer[]; chainHead: string };

// The frontier of the newest checkpoint each directory holds, so a pass reads only the events after it.
const tips = new Map<string, Tip>();

/**
 * One pass of the checkpointer: signs a checkpoint of the whole log when
 * CHECKPOINT_EVERY_EVENTS events are unpinned, or when the oldest unpinned
 * event is CHECKPOINT_EVERY_MINUTES old. Extends the previous checkpoint's
 * frontier with only the newer events, after checking that the event it
 * pinned is still there with the same hash; if it is not, the log was
 * rewritten and nothing is signed over the rewrite.
 */
export async function makeCheckpoint(
  options: { env?: Record<string, string | undefined>; now?: Date } = {},
): Promise<CheckpointPass> {
  const env = readEnv(options.env ?? process.env);
  const now = options.now ?? new Date();
  const dir = checkpointDir(env);
  const key = loadSigningKey({ env: options.env });
  const client = await getAuditReadPool().connect();
  try {
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      CHECKPOINT_LOCK_KEY,
    ]);
    if (!locked.rows[0]?.locked) return { outcome: 'busy', size: 0 };
    try {
      const tip = await loadTip({ client, dir, key });
      if ('problem' in tip) return { outcome: 'diverged', size: tip.size, problem: tip.problem };
      const head = (await client.query<{ seq: string }>('SELECT seq::text FROM audit_head WHERE id = 1'))
        .rows[0];
      const headSize = Number(head?.seq ?? 0);
      if (!(await isDue({ client, tip, headSize, now, every: env })))
        return { outcome: 'not-due', size: tip.size };
      const frontier = new MerkleFrontier(tip.size, [...tip.nodes]);
      const extended = await extend({ client, tip, frontier, headSize });
      if ('problem' in extended) return { outcome: 'diverged', size: tip.size, problem: extended.problem };
      const body = formatCheckpoint({
        origin: key.name,
        size: headSize,
        root: frontier.root(),
        chainHead: extended.chainHead,
        time: now.toISOString(),
      });
      const note = signNote({
        text: body,
        name: key.name,
        privateKey: key.privateKey,
        publicKeyRaw: key.publicKeyRaw,
      });
      await appendLineOnce(dir, VERIFIER_KEY_FILE, verifierKey(key.name, key.publicKeyRaw));
      const name = checkpointFileName(headSize);
      await createFileOnce(dir, name, note);
      await frontierFile.write(dir, frontier);
      tips.set(dir, { size: headSize, nodes: frontier.nodes, chainHead: extended.chainHead });
      return { outcome: 'made', size: headSize, file: name };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function loadTip(options: {
  client: pg.PoolClient;
  dir: string;
  key: SigningKey;
}): Promise<Tip | { size: number; problem: string }> {
  const { client, dir, key } = options;
  const verifier = parseVerifierKey(verifierKey(key.name, key.publicKeyRaw));
  for (const size of await listCheckpointSizes(dir)) {
    const cached = tips.get(dir);
    if (cached?.size === size) return cached;
    const opened = openNote(await readCheckpointFile(dir, size), verifier);
    const { checkpoint } = parseCheckpoint(opened.text);
    // A checkpoint by another key (before a rotation) or not ours is left alone; the newest of ours counts.
    if (!opened.verified || !checkpoint || checkpoint.origin !== key.name || checkpoint.size !== size)
      continue;
    const fromCache = await frontierFile.read(dir, size);
    const frontier = fromCache?.root().equals(checkpoint.root) ? fromCache : await rebuild(client, size);
    if (!frontier.root().equals(checkpoint.root)) {
      return { size, problem: `the audit log no longer matches the signed checkpoint of size ${size}` };
    }
    const tip = { size, nodes: frontier.nodes, chainHead: checkpoint.chainHead };
    tips.set(dir, tip);
    return tip;
  }
  return { size: 0, nodes: [], chainHead: GENESIS_HASH };
}

/** Only when a frontier file is lost: the tree up to size, from the log itself. */
async function rebuild(client: pg.PoolClient, size: number): Promise<MerkleFrontier> {
  const frontier = new MerkleFrontier();
  for (let after = 0; after < size; ) {
    const rows = await client.query<{ seq: string; hash: string }>(
      'SELECT seq::text, hash FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY audit_events.seq LIMIT $3',
      [after, size, PAGE],
    );
    if (rows.rows.length === 0) break;
    for (const row of rows.rows) frontier.append(eventLeaf(row.hash));
    after = Number(rows.rows.at(-1)?.seq);
  }
  return frontier;
}

async function isDue(options: {
  client: pg.PoolClient;
  tip: Tip;
  headSize: number;
  now: Date;
  every: { CHECKPOINT_EVERY_EVENTS: number; CHECKPOINT_EVERY_MINUTES: number };
}): Promise<boolean> {
  const { client, tip, headSize, now, every } = options;
  if (headSize <= tip.size) return false;
  if (headSize - tip.size >= every.CHECKPOINT_EVERY_EVENTS) return true;
  const oldest = await client.query<{ created_at: Date }>(
    'SELECT created_at FROM audit_events WHERE seq = $1',
    [tip.size + 1],
  );
  const since = oldest.rows[0]?.created_at;
  return since !== undefined && now.getTime() - since.getTime() >= every.CHECKPOINT_EVERY_MINUTES * 60_000;
}

/** Appends events tip.size + 1 … headSize, checking that they continue the chain the tip pinned. */
async function extend(options: {
  client: pg.PoolClient;
  tip: Tip;
  frontier: MerkleFrontier;
  headSize: number;
}): Promise<{ chainHead: string } | { problem: string }> {
  const { client, tip, frontier, headSize } = options;
  let previous = tip.chainHead;
  let after = tip.size;
  if (tip.size > 0) {
    const pinned = await client.query<{ hash: string }>('SELECT hash FROM audit_events WHERE seq = $1', [
      tip.size,
    ]);
    if (pinned.rows[0]?.hash !== tip.chainHead) {
      return {
        problem: `event ${tip.size} no longer has the hash the checkpoint of size ${tip.size} pinned`,
      };
    }
  }
  while (after < headSize) {
    const rows = await client.query<{ seq: string; hash: string; prev_hash: string }>(
      'SELECT seq::text, hash, prev_hash FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY audit_events.seq LIMIT $3',
      [after, headSize, PAGE],
    );
    for (const row of rows.rows) {
      if (Number(row.seq) !== after + 1 || row.prev_hash !== previous) {
        return { problem: `event ${after + 1} does not continue the chain after event ${after}` };
      }
      frontier.append(eventLeaf(row.hash));
      previous = row.hash;
      after += 1;
    }
    if (rows.rows.length === 0)
      return { problem: `events ${after + 1}–${headSize} are missing below the head` };
  }
  return { chainHead: previous };
}
