import 'server-only';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type DigestedFile = { path: string; sha256: string };

/**
 * SHA-256 over the bundle, reproducible with coreutils:
 *   (cd <bundle> && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum) | sha256sum
 * i.e. the digest of the sorted "<sha256>  <relative path>" listing of every file.
 */
export async function computeBundleDigest(options: { dir: string }): Promise<{
  digest: string;
  files: DigestedFile[];
}> {
  const relativePaths = (await listFiles(options.dir)).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const files: DigestedFile[] = [];
  for (const relativePath of relativePaths) {
    const bytes = await readFile(path.join(options.dir, relativePath));
    files.push({ path: relativePath, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const listing = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  return { digest: createHash('sha256').update(listing).digest('hex'), files };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFiles(dir, relative);
      return entry.isFile() ? [relative] : [];
    }),
  );
  return nested.flat();
}
