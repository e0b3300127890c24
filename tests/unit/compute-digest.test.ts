import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeBundleDigest } from '@/lib/server/bundle/compute-digest';
import { copyBundle, type EditFile } from './bundle-fixture';

describe('computeBundleDigest', () => {
  let dir: string;
  let edit: EditFile;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, edit, cleanup } = await copyBundle());
  });
  afterEach(async () => cleanup());

  it('is the SHA-256 a DBA gets from coreutils', async () => {
    const { digest, files } = await computeBundleDigest({ dir });
    const shell = execFileSync(
      'bash',
      ['-c', `cd "${dir}" && find . -type f | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`],
      { encoding: 'utf8' },
    );
    expect(digest).toBe(shell.split(' ')[0]);
    expect(files.map((f) => f.path)).toEqual([
      '01_structure.sql',
      '02_responsibility_axis.sql',
      '03_ownership_seed.sql',
      '04_stewardship_seed.sql',
      '05_control_seed.sql',
      '06_emission_seed.sql',
      '99_run_all.sql',
      'README.md',
      'manifest.json',
    ]);
  });

  it('is the same for the same bytes and changes when any one byte changes', async () => {
    const first = await computeBundleDigest({ dir });
    expect((await computeBundleDigest({ dir })).digest).toBe(first.digest);
    await edit('05_control_seed.sql', (text) => text.replace('GOV-COUNCIL', 'GOV-COUNCIM'));
    const changed = await computeBundleDigest({ dir });
    expect(changed.digest).not.toBe(first.digest);
    await edit('05_control_seed.sql', (text) => text.replace('GOV-COUNCIM', 'GOV-COUNCIL'));
    expect((await computeBundleDigest({ dir })).digest).toBe(first.digest);
  });

  it('covers the manifest and the documentation as well as the SQL', async () => {
    const first = await computeBundleDigest({ dir });
    await edit('README.md', (text) => `${text} `);
    expect((await computeBundleDigest({ dir })).digest).not.toBe(first.digest);
  });
});
