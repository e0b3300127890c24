import { execFileSync } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { loadCachedBundle } from '@/lib/server/bundle/load-cached-bundle';
import { copyBundle, type EditFile } from './bundle-fixture';

describe('loadCachedBundle reads and hashes the bundle once per change on disk', () => {
  let dir: string;
  let edit: EditFile;
  let cleanup: () => Promise<void>;
  let loads: number;
  const load = (options: { dir: string }) => {
    loads += 1;
    return loadBundle(options);
  };

  beforeEach(async () => {
    ({ dir, edit, cleanup } = await copyBundle());
    loads = 0;
  });
  afterEach(async () => cleanup());

  it('serves repeated and concurrent reads of an unchanged bundle from one load', async () => {
    const first = await loadCachedBundle({ dir, load });
    const [second, third] = await Promise.all([
      loadCachedBundle({ dir, load }),
      loadCachedBundle({ dir, load }),
    ]);
    expect(loads).toBe(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first.digest).toBe((await loadBundle({ dir })).digest);
  });

  it('picks up a same-size edit whose mtime was put back', async () => {
    const first = await loadCachedBundle({ dir, load });
    const file = 'manifest.json';
    const full = path.join(dir, file);
    const times = path.join(dir, '..', `${path.basename(dir)}-times`);
    const before = await stat(full, { bigint: true });
    // touch -r copies timestamps to the nanosecond, which utimes from JS numbers cannot.
    execFileSync('touch', ['-r', full, times]);
    // Same length, different bytes, the old mtime restored: only ctime tells.
    await edit(file, (text) => text.replace('\n  ', '\n\t '));
    execFileSync('touch', ['-r', times, full]);
    await rm(times);
    const after = await stat(full, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    const second = await loadCachedBundle({ dir, load });
    expect(loads).toBe(2);
    expect(second.digest).not.toBe(first.digest);
    expect(second.digest).toBe((await loadBundle({ dir })).digest);
  });

  it('picks up a file added to the folder', async () => {
    const first = await loadCachedBundle({ dir, load });
    await writeFile(path.join(dir, 'NOTES.txt'), 'an extra file changes the digest\n');
    const second = await loadCachedBundle({ dir, load });
    expect(loads).toBe(2);
    expect(second.digest).not.toBe(first.digest);
  });

  it('does not keep a refusal: the bundle is read again once it is fixed', async () => {
    const good = await loadCachedBundle({ dir, load });
    const original = await readFile(path.join(dir, 'manifest.json'), 'utf8');
    await edit('manifest.json', (text) => `${text.slice(0, -2)}`);
    await expect(loadCachedBundle({ dir, load })).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
    await expect(loadCachedBundle({ dir, load })).rejects.toMatchObject({ code: 'BUNDLE_INVALID' });
    await edit('manifest.json', () => original);
    expect((await loadCachedBundle({ dir, load })).manifest.name).toBe(good.manifest.name);
    expect(loads).toBe(4);
  });
});
