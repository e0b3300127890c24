import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { parseDuration } from '@/lib/server/bundle/parse-duration';
import { writePolicyBundle } from '../fixtures/policy-bundle';
import { copyBundle, type EditFile } from './bundle-fixture';

type Json = { proposal: Record<string, unknown> };

describe('parseDuration reads days, hours, minutes and seconds only', () => {
  it.each([
    ['P30D', 30 * 86_400],
    ['PT12H', 12 * 3_600],
    ['PT10M', 600],
    ['PT45S', 45],
    ['P1DT2H3M4S', 86_400 + 2 * 3_600 + 3 * 60 + 4],
    ['P3660D', 3_660 * 86_400],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration({ text })).toBe(seconds);
  });

  it.each([
    ['P1M', 'a month has no fixed length'],
    ['P1Y', 'nor a year'],
    ['P1W', 'weeks are not offered'],
    ['P', 'empty'],
    ['PT', 'empty time part'],
    ['P1DT', 'dangling T'],
    ['P0D', 'zero'],
    ['PT0S', 'zero'],
    ['P3661D', 'over ten years'],
    ['30d', 'not ISO 8601'],
    ['p30d', 'lower case'],
    ['P1.5D', 'fractions'],
    [' P30D', 'leading space'],
    ['P30D ', 'trailing space'],
    ['P-1D', 'negative'],
    ['2592000', 'bare seconds'],
  ])('%s is refused (%s)', (text) => {
    expect(parseDuration({ text })).toBeNull();
  });
});

describe('loadBundle refuses a policy the seed gates do not enforce', () => {
  let dir: string;
  let edit: EditFile;
  let cleanup: () => Promise<void>;
  const editManifest = (change: (manifest: Json) => void) =>
    edit('manifest.json', (text) => {
      const manifest = JSON.parse(text) as Json;
      change(manifest);
      return JSON.stringify(manifest);
    });
  const refusal = async () => {
    const error = await loadBundle({ dir }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string; details: { field: string; constant?: string } },
    );
    if (!error) throw new Error('loadBundle accepted the bundle');
    expect(error.code).toBe('BUNDLE_INVALID');
    return error;
  };

  beforeEach(async () => {
    ({ dir, edit, cleanup } = await copyBundle());
  });
  afterEach(async () => cleanup());

  it('reads the shipped policy: 1 of L2 or L4, no expiry', async () => {
    const { proposal } = (await loadBundle({ dir })).manifest;
    expect([proposal.quorum, proposal.ratifyingLevels, proposal.quorumMode]).toEqual([
      1,
      ['L2', 'L4'],
      'any',
    ]);
    expect(proposal.ratificationExpiresAfter).toBeUndefined();
  });

  it('refuses a manifest that adds an expiry its SQL does not enforce, naming the constant', async () => {
    await editManifest((m) => {
      m.proposal.ratificationExpiresAfter = 'P30D';
    });
    const error = await refusal();
    expect(error.details).toEqual({ field: 'manifest.tiers[2].file', constant: 'expires' });
    expect(error.message).toContain(
      "its gate's expires is NULL but manifest.proposal.ratificationExpiresAfter",
    );
    expect(error.message).toContain("interval '2592000 seconds'");
  });

  it('refuses a manifest asking for each level while its SQL accepts any', async () => {
    await editManifest((m) => {
      m.proposal.quorumMode = 'each';
      m.proposal.quorum = 2;
    });
    const error = await refusal();
    expect(error.details.constant).toBe('quorum');
    expect(error.message).toContain("its gate's quorum is 1 but manifest.proposal.quorum makes it 2");
  });

  it('refuses one tier whose SQL says each while the manifest says any', async () => {
    await edit('05_control_seed.sql', (text) =>
      text.replace("mode      constant text    := 'any';", "mode      constant text    := 'each';"),
    );
    const error = await refusal();
    expect(error.details).toEqual({ field: 'manifest.tiers[4].file', constant: 'mode' });
    expect(error.message).toContain("its gate's mode is each but manifest.proposal.quorumMode makes it any");
  });

  it('refuses one tier whose SQL gives ratifications an expiry the manifest does not', async () => {
    await edit('06_emission_seed.sql', (text) =>
      text.replace(
        'expires   constant interval := NULL;',
        "expires   constant interval := interval '60 seconds';",
      ),
    );
    expect((await refusal()).details).toEqual({ field: 'manifest.tiers[5].file', constant: 'expires' });
  });

  it('refuses a gate block whose expiry constant was removed', async () => {
    await edit('04_stewardship_seed.sql', (text) =>
      text.replace('  expires   constant interval := NULL;\n', ''),
    );
    const error = await refusal();
    expect(error.details.constant).toBe('expires');
    expect(error.message).toContain('has no expires constant');
  });

  it.each(['P1M', 'thirty days', 'P0D', ''])(
    'refuses the expiry %j with a sentence naming the format',
    async (text) => {
      await editManifest((m) => {
        m.proposal.ratificationExpiresAfter = text;
      });
      const error = await refusal();
      expect(error.details.field).toBe('manifest.proposal.ratificationExpiresAfter');
      expect(error.message).toContain('ISO 8601 duration of days, hours, minutes and seconds');
    },
  );

  it('refuses a quorum mode it does not know', async () => {
    await editManifest((m) => {
      m.proposal.quorumMode = 'all';
    });
    expect((await refusal()).details.field).toBe('manifest.proposal.quorumMode');
  });

  it('refuses each-level mode whose quorum is not one approver per level', async () => {
    await editManifest((m) => {
      m.proposal.quorumMode = 'each';
      m.proposal.quorum = 3;
    });
    const error = await refusal();
    expect(error.details.field).toBe('manifest.proposal.quorum');
    expect(error.message).toContain('must be 2 when quorumMode is each');
  });

  it('refuses a level listed twice', async () => {
    await editManifest((m) => {
      m.proposal.ratifyingLevels = ['L2', 'L2'];
    });
    expect((await refusal()).details.field).toBe('manifest.proposal.ratifyingLevels');
  });
});

describe('the test-only policy bundle', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'one-roof-policy-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('loads as one from L2 and one from L4, lapsing after its expiry, at its own digest', async () => {
    const to = path.join(root, 'bundle');
    writePolicyBundle({ from: 'releases/one-roof-authmodel', to, expiresAfterSeconds: 90 });
    const [policy, shipped] = await Promise.all([
      loadBundle({ dir: to }),
      loadBundle({ dir: 'releases/one-roof-authmodel' }),
    ]);
    expect(policy.manifest.proposal).toMatchObject({
      quorum: 2,
      quorumMode: 'each',
      ratifyingLevels: ['L2', 'L4'],
      ratificationExpiresAfter: 'PT90S',
    });
    expect(policy.digest).not.toBe(shipped.digest);
  });
});
