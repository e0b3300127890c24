import 'server-only';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '@/lib/errors';

export type DigestedFile = { path: string; sha256: string };
export type BundleFile = DigestedFile & { bytes: Buffer };

function invalid(file: string, problem: string): DomainError {
  return new DomainError('BUNDLE_INVALID', `${file} ${problem}`, { field: file });
}

/**
 * Reads every file of a bundle exactly once and hashes the bytes it read, so
 * whatever parses those same bytes runs exactly what the digest covers.
 * Reproducible with coreutils:
 *   (cd <bundle> && find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum) | sha256sum
 * i.e. the digest of the sorted "<sha256>  <relative path>" listing of every file.
 * Symlinks and anything but regular files and folders are refused, so nothing
 * the loader reads can sit outside the folder or escape the digest.
 */
export async function computeBundleDigest(options: { dir: string }): Promise<{
  digest: string;
  files: BundleFile[];
}> {
  const root = await realpath(options.dir);
  const relativePaths = (await listFiles(root)).sort((a, b) =>
    Buffer.compare(Buffer.from(a), Buffer.from(b)),
  );
  const files: BundleFile[] = [];
  for (const relativePath of relativePaths) {
    const bytes = await readRegularFile(root, relativePath);
    files.push({ path: relativePath, sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
  }
  const listing = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  return { digest: createHash('sha256').update(listing).digest('hex'), files };
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink())
        throw invalid(relative, 'is a symbolic link; a bundle holds regular files only');
      if (entry.isDirectory()) return listFiles(root, relative);
      if (!entry.isFile())
        throw invalid(relative, 'is not a regular file; a bundle holds regular files only');
      return [relative];
    }),
  );
  return nested.flat();
}

// O_NOFOLLOW and fstat on the open handle: a file swapped for a link or a fifo
// after the listing is refused rather than followed or blocked on.
async function readRegularFile(root: string, relativePath: string): Promise<Buffer> {
  const full = path.join(root, relativePath);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ELOOP')
      throw invalid(relativePath, 'is a symbolic link; a bundle holds regular files only');
    throw invalid(relativePath, `cannot be read: ${code ?? (error as Error).message}`);
  }
  try {
    if (!(await handle.stat()).isFile()) {
      throw invalid(relativePath, 'is not a regular file; a bundle holds regular files only');
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
