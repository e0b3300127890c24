import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as realFs from 'node:fs/promises';
import { cp, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';

// The hook an attacker needs: the moment after the loader has read a file once.
const swap = vi.hoisted(() => ({
  file: '',
  after: null as null | (() => Promise<void>),
  reads: new Map<string, number>(),
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const noteRead = async (target: unknown) => {
    const name = typeof target === 'string' ? target : '';
    if (!name) return;
    swap.reads.set(name, (swap.reads.get(name) ?? 0) + 1);
    if (swap.after && path.basename(name) === swap.file) {
      const after = swap.after;
      swap.after = null;
      await after();
    }
  };
  const readFile = (async (target: Parameters<typeof actual.readFile>[0], ...rest: unknown[]) => {
    const bytes = await (actual.readFile as (...args: unknown[]) => Promise<unknown>)(target, ...rest);
    await noteRead(target);
    return bytes;
  }) as typeof actual.readFile;
  const open = (async (target: Parameters<typeof actual.open>[0], ...rest: unknown[]) => {
    const handle = await (actual.open as (...args: unknown[]) => Promise<realFs.FileHandle>)(target, ...rest);
    const original = handle.readFile.bind(handle);
    handle.readFile = (async (...args: unknown[]) => {
      const bytes = await (original as (...a: unknown[]) => Promise<unknown>)(...args);
      await noteRead(target);
      return bytes;
    }) as typeof handle.readFile;
    return handle;
  }) as typeof actual.open;
  return { ...actual, readFile, open, default: { ...actual, readFile, open } };
});

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const coreutilsDigest = (dir: string) =>
  execFileSync(
    'bash',
    ['-c', `cd "${dir}" && find . -type f | sed 's|^\\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum`],
    { encoding: 'utf8' },
  ).split(' ')[0];

describe('the digest covers exactly the bytes that run', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'one-roof-bytes-'));
    await cp('releases/one-roof-authmodel', dir, { recursive: true });
    swap.reads.clear();
    swap.after = null;
  });
  afterEach(async () => {
    swap.after = null;
    await rm(dir, { recursive: true, force: true });
  });
  const refusal = async () => {
    const error = await loadBundle({ dir }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    );
    if (!error) throw new Error('loadBundle accepted the bundle');
    expect(error.code).toBe('BUNDLE_INVALID');
    return error;
  };

  it('a tier file swapped after it was read cannot split what runs from what was digested', async () => {
    const file = '04_stewardship_seed.sql';
    const original = await realFs.readFile(path.join(dir, file), 'utf8');
    const expected = coreutilsDigest(dir);
    const evil = original.replace(
      "('gov_policies', 'steward', 'GOV-COUNCIL')",
      "('gov_policies', 'steward', 'GOV-MOIT')",
    );
    expect(evil).not.toBe(original);
    swap.file = file;
    swap.after = () => realFs.writeFile(path.join(dir, file), evil);
    const bundle = await loadBundle({ dir });
    const ran = bundle.tiers[3]?.statements.join('\n') ?? '';
    // Whatever version was read, the digest must be the digest of that version.
    if (ran.includes("('gov_policies', 'steward', 'GOV-MOIT')")) {
      expect(bundle.digest).toBe(coreutilsDigest(dir));
    } else {
      expect(bundle.digest).toBe(expected);
      expect(bundle.files.find((f) => f.path === file)?.sha256).toBe(sha256(original));
    }
  });

  it('reads each file of the bundle once', async () => {
    await loadBundle({ dir });
    const perFile = [...swap.reads.entries()].filter(([name]) => name.startsWith(dir));
    expect(perFile.length).toBeGreaterThanOrEqual(9);
    for (const [name, reads] of perFile) expect({ name, reads }).toEqual({ name, reads: 1 });
  });

  it('refuses a tier file that is a symlink, even to identical bytes', async () => {
    const outside = path.join(dir, '..', `outside-${path.basename(dir)}.sql`);
    await cp(path.join(dir, '03_ownership_seed.sql'), outside);
    await unlink(path.join(dir, '03_ownership_seed.sql'));
    await symlink(outside, path.join(dir, '03_ownership_seed.sql'));
    try {
      expect((await refusal()).message).toMatch(/03_ownership_seed\.sql.*symbolic link/);
    } finally {
      await rm(outside, { force: true });
    }
  });

  it('refuses any symlink in the bundle, such as a README pointing elsewhere', async () => {
    await unlink(path.join(dir, 'README.md'));
    await symlink('/etc/hostname', path.join(dir, 'README.md'));
    expect((await refusal()).message).toMatch(/README\.md.*symbolic link/);
  });

  it('refuses a fifo in the bundle', async () => {
    execFileSync('mkfifo', [path.join(dir, 'notes.sql')]);
    expect((await refusal()).message).toMatch(/notes\.sql.*not a regular file/);
  });

  it('refuses a directory where a tier file is expected', async () => {
    await unlink(path.join(dir, '06_emission_seed.sql'));
    await mkdir(path.join(dir, '06_emission_seed.sql'));
    await writeFile(path.join(dir, '06_emission_seed.sql', 'x.sql'), 'SELECT 1;');
    expect((await refusal()).message).toMatch(/06_emission_seed\.sql.*directory/);
  });

  it('refuses a run-all script that includes a file outside the bundle', async () => {
    const runAll = path.join(dir, '99_run_all.sql');
    const text = await realFs.readFile(runAll, 'utf8');
    await writeFile(runAll, text.replace('\\ir 03_ownership_seed.sql', '\\ir ../03_ownership_seed.sql'));
    expect((await refusal()).message).toMatch(/99_run_all\.sql/);
  });

  it('refuses a run-all script that includes a file by absolute path', async () => {
    const runAll = path.join(dir, '99_run_all.sql');
    const text = await realFs.readFile(runAll, 'utf8');
    await writeFile(runAll, text.replace('\\ir 04_stewardship_seed.sql', '\\i /tmp/04_stewardship_seed.sql'));
    expect((await refusal()).message).toMatch(/99_run_all\.sql/);
  });

  it('refuses a run-all script that runs a shell command', async () => {
    const runAll = path.join(dir, '99_run_all.sql');
    const text = await realFs.readFile(runAll, 'utf8');
    await writeFile(runAll, `${text}\n\\! touch /tmp/one-roof-pwned\n`);
    expect((await refusal()).message).toMatch(/99_run_all\.sql uses a psql command/);
    await writeFile(runAll, `${text}\n\\set x \`id\`\n`);
    expect((await refusal()).message).toMatch(/99_run_all\.sql runs a shell command/);
  });

  for (const file of ['../01_structure.sql', '/etc/passwd', 'sub/../../01_structure.sql']) {
    it(`refuses a manifest naming a tier file outside the bundle (${file})`, async () => {
      const manifestPath = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(await realFs.readFile(manifestPath, 'utf8')) as {
        tiers: { file: string }[];
      };
      (manifest.tiers[0] as { file: string }).file = file;
      await writeFile(manifestPath, JSON.stringify(manifest));
      expect((await refusal()).message).toMatch(/^manifest\.tiers\[0\]\.file /);
    });
  }

  it('refuses a tier file that is not valid UTF-8, so the text run is the bytes hashed', async () => {
    const file = path.join(dir, '05_control_seed.sql');
    const bytes = await realFs.readFile(file);
    await writeFile(file, Buffer.concat([bytes, Buffer.from([0x2d, 0x2d, 0x20, 0xff, 0xfe, 0x0a])]));
    expect((await refusal()).message).toMatch(/05_control_seed\.sql, which is not valid UTF-8/);
  });
});
