import 'server-only';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readEnv } from '@/lib/env';
import { type Bundle, loadBundle } from '@/lib/server/bundle/load-bundle';

type Loader = (options: { dir: string }) => Promise<Bundle>;
type Entry = { signature: string; bundle: Promise<Bundle> };

const memo = globalThis as unknown as { bundleCache?: Map<string, Entry> };

/**
 * The bundle for readers that only show it (status, pages): loaded and hashed
 * again only when a stat of its files differs. Whatever executes SQL calls
 * loadBundle itself, so the bytes that run are always the bytes just hashed.
 */
export async function loadCachedBundle(options: { dir?: string; load?: Loader } = {}): Promise<Bundle> {
  const dir = path.resolve(/* turbopackIgnore: true */ options.dir ?? readEnv().BUNDLE_DIR);
  const load = options.load ?? loadBundle;
  memo.bundleCache ??= new Map();
  const cache = memo.bundleCache;
  // Taken before the load: an edit racing the load leaves a stale signature, so the next read loads again.
  const signature = await statSignature(dir).catch(() => null);
  const cached = cache.get(dir);
  if (signature !== null && cached?.signature === signature) return cached.bundle;
  const bundle = load({ dir });
  if (signature !== null) {
    const entry = { signature, bundle };
    cache.set(dir, entry);
    bundle.catch(() => {
      if (cache.get(dir) === entry) cache.delete(dir);
    });
  }
  return bundle;
}

/**
 * One lstat per entry. ctime cannot be set back by a writer, so a same-size
 * edit with its mtime restored still changes the signature; inode catches a
 * file replaced by rename.
 */
async function statSignature(root: string, prefix = ''): Promise<string> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const info = await lstat(path.join(root, relative), { bigint: true });
      const line = `${relative}\t${info.mode}\t${info.dev}\t${info.ino}\t${info.size}\t${info.mtimeNs}\t${info.ctimeNs}\n`;
      return entry.isDirectory() && !entry.isSymbolicLink()
        ? line + (await statSignature(root, relative))
        : line;
    }),
  );
  return parts.join('');
}
