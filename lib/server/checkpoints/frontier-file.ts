import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkpointFileName, createFileOnce } from '@/lib/server/checkpoints/checkpoint-files';
import { MerkleFrontier } from '@/lib/server/checkpoints/merkle-tree';

function frontierFileName(size: number): string {
  return checkpointFileName(size).replace(/\.checkpoint$/, '.frontier');
}

/**
 * The Merkle frontier kept beside a checkpoint, so the next pass extends it instead of rebuilding the tree. Not
 * signed: only a cache, trusted only when its root is the signed one, which no other frontier gives.
 */
export const frontierFile = {
  async write(dir: string, frontier: MerkleFrontier): Promise<void> {
    const nodes = frontier.nodes.map((node) => node.toString('hex'));
    await createFileOnce(
      dir,
      frontierFileName(frontier.size),
      `${JSON.stringify({ size: frontier.size, nodes })}\n`,
    );
  },

  /** The cached frontier of a size, or null when it is missing or not a frontier of that size. */
  async read(dir: string, size: number): Promise<MerkleFrontier | null> {
    try {
      const parsed = JSON.parse(await readFile(path.join(dir, frontierFileName(size)), 'utf8')) as {
        nodes?: unknown;
      };
      if (!Array.isArray(parsed.nodes)) return null;
      return new MerkleFrontier(
        size,
        parsed.nodes.map((node) => Buffer.from(String(node), 'hex')),
      );
    } catch {
      return null;
    }
  },
};
