import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedTierSql } from '@/lib/server/bundle/expected-tier-sql';
import { manifestSchema } from '@/lib/server/bundle/manifest-schema';
import { writePolicyBundle } from '../fixtures/policy-bundle';

const shipped = 'releases/one-roof-authmodel';

/** The `$gate$` blocks of a bundle's seed tiers, read from the files as psql would read them. */
function gateBlocks(dir: string) {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  return manifest.tiers
    .filter((tier) => tier.gate === 'ratification')
    .map((tier) => {
      const text = readFileSync(path.join(dir, tier.file), 'utf8');
      const blocks = text.match(/DO \$gate\$[\s\S]*?\n\$gate\$;/g) ?? [];
      expect(blocks, `${tier.file} has exactly one gate block`).toHaveLength(1);
      return { manifest, tier, block: blocks[0] as string };
    });
}

describe('the seed tiers carry one gate, identical apart from the tier number', () => {
  let policyDir: string;
  beforeAll(async () => {
    policyDir = path.join(await mkdtemp(path.join(tmpdir(), 'one-roof-gate-blocks-')), 'bundle');
    writePolicyBundle({ from: shipped, to: policyDir, expiresAfterSeconds: 3600 });
  });
  afterAll(async () => rm(path.dirname(policyDir), { recursive: true, force: true }));

  it.each([
    ['the shipped bundle', () => shipped, ['3', '4', '5', '6']],
    ['the test-only policy bundle', () => policyDir, ['3', '4', '5', '6']],
  ])('%s: four blocks, the same text once the tier number is masked', (_label, dir, tiers) => {
    const blocks = gateBlocks(dir());
    expect(blocks.map(({ block }) => /this_tier constant integer := ([0-9]+);/.exec(block)?.[1])).toEqual(
      tiers,
    );
    const masked = blocks.map(({ block }) =>
      block.replace(/this_tier constant integer := [0-9]+;/, 'this_tier constant integer := N;'),
    );
    expect(new Set(masked).size).toBe(1);
  });

  it.each([
    ['the shipped bundle', () => shipped],
    ['the test-only policy bundle', () => policyDir],
  ])('%s: each block is the one the manifest writes', (_label, dir) => {
    for (const { manifest, tier, block } of gateBlocks(dir())) {
      expect(block).toBe(expectedTierSql({ manifest, tier }).gate);
    }
  });

  it('the shipped gate asks for 1 of L2 or L4 with no expiry; the policy gate for L2 and L4 within an hour', () => {
    const [ship] = gateBlocks(shipped);
    const [policy] = gateBlocks(policyDir);
    expect(ship?.block).toContain('quorum    constant integer := 1;');
    expect(ship?.block).toContain("mode      constant text    := 'any';");
    expect(ship?.block).toContain('expires   constant interval := NULL;');
    expect(policy?.block).toContain('quorum    constant integer := 2;');
    expect(policy?.block).toContain("mode      constant text    := 'each';");
    expect(policy?.block).toContain("expires   constant interval := interval '3600 seconds';");
  });
});
