import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

// Everything `next build` reads: a change to any of it means the build is stale.
const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'releases',
  'package-lock.json',
  'next.config.ts',
  'proxy.ts',
  'instrumentation.ts',
  'postcss.config.mjs',
  'tsconfig.json',
];

/** sha256 over the names and bytes of the build's inputs (contents, not mtimes, which a checkout resets). */
export async function sourceFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (entry: string): Promise<void> => {
    if (!existsSync(entry) || entry.startsWith(path.join('lib', 'generated'))) return;
    const children = await readdir(entry, { withFileTypes: true }).catch(() => null);
    if (!children) {
      hash.update(`${entry}\0`).update(await readFile(entry));
      return;
    }
    for (const child of children.sort((a, b) => a.name.localeCompare(b.name)))
      await visit(path.join(entry, child.name));
  };
  for (const input of BUILD_INPUTS) await visit(input);
  return hash.digest('hex');
}
