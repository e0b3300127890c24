// No 'server-only': the offline verifier reads checkpoints with this too.

/**
 * The C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint): origin,
 * tree size, base64 root hash, then extension lines. Ours pins the linear
 * chain too (`chain-head <hex>`: the hash of the event of seq = size) and says
 * when it was made (`time <ISO 8601>`); tools that know only the standard
 * lines skip them.
 */
export type Checkpoint = { origin: string; size: number; root: Buffer; chainHead: string; time: string };

export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, chainHead, time } = checkpoint;
  return `${origin}\n${size}\n${root.toString('base64')}\nchain-head ${chainHead}\ntime ${time}\n`;
}

/** Reads a checkpoint body; null with the reason when it is not one of ours. */
export function parseCheckpoint(text: string): { checkpoint: Checkpoint | null; problem: string | null } {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  const [origin, sizeText, rootText, ...extensions] = lines;
  const fail = (problem: string) => ({ checkpoint: null, problem });
  if (!origin || !sizeText || !rootText) return fail('does not have an origin, a size and a root hash');
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText))
    return fail(`has a tree size "${sizeText}" that is not a number`);
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText)
    return fail('has a root hash that is not 32 bytes');
  const extension = (key: string) =>
    extensions.find((line) => line.startsWith(`${key} `))?.slice(key.length + 1) ?? null;
  const chainHead = extension('chain-head');
  if (!chainHead || !/^[0-9a-f]{64}$/.test(chainHead)) return fail('has no chain-head line');
  const time = extension('time') ?? '';
  return { checkpoint: { origin, size: Number(sizeText), root, chainHead, time }, problem: null };
}
