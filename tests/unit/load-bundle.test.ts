import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { copyBundle, type EditFile } from './bundle-fixture';

type Json = Record<string, unknown> & { tiers: Record<string, unknown>[]; proposal: Record<string, unknown> };

describe('loadBundle validates the manifest against itself and the SQL', () => {
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
      (e: unknown) => e as { code: string; message: string; details: { field: string } },
    );
    if (!error) throw new Error('loadBundle accepted the broken bundle');
    expect(error.code).toBe('BUNDLE_INVALID');
    return error;
  };

  beforeEach(async () => {
    ({ dir, edit, cleanup } = await copyBundle());
  });
  afterEach(async () => cleanup());

  it('loads the One-Roof bundle: 6 tiers, 35 collections, 6 kinds, seeds from tier 3', async () => {
    const bundle = await loadBundle({ dir });
    expect(bundle.tiers.map((t) => [t.tier, t.isSeed])).toEqual([
      [1, false],
      [2, false],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
    ]);
    expect(bundle.collections).toHaveLength(35);
    expect(bundle.kinds).toEqual(['accountable', 'steward', 'custodian', 'approver', 'auditor', 'publisher']);
    expect(bundle.tiers[2]?.statements[0]).toMatch(/^-- One-Roof[\s\S]*DO \$gate\$/);
  });

  it('names the file when the manifest is not JSON', async () => {
    await edit('manifest.json', (text) => text.slice(0, -10));
    expect((await refusal()).message).toMatch(/^manifest\.json is not valid JSON/);
  });

  it('names a missing field', async () => {
    await editManifest((m) => {
      delete m.proposal.quorum;
    });
    const error = await refusal();
    expect(error.details.field).toBe('manifest.proposal.quorum');
    expect(error.message).toMatch(/^manifest\.proposal\.quorum /);
  });

  it('names a field with a wrong value', async () => {
    await editManifest((m) => {
      (m.tiers[2] as Record<string, unknown>).gate = 'maybe';
    });
    expect((await refusal()).details.field).toBe('manifest.tiers[2].gate');
  });

  it('names a gap that does not follow from the kinds each tier seeds', async () => {
    await editManifest((m) => {
      (m.tiers[3] as Record<string, unknown>).gapAfter = 100;
    });
    const error = await refusal();
    expect(error.details.field).toBe('manifest.tiers[3].gapAfter');
    expect(error.message).toContain('must be 105');
  });

  it('names a tier file that is missing', async () => {
    await editManifest((m) => {
      (m.tiers[0] as Record<string, unknown>).file = '01_missing.sql';
    });
    expect((await refusal()).details.field).toBe('manifest.tiers[0].file');
  });

  it('refuses a seed tier whose SQL does not open with the in-database gate', async () => {
    await edit('04_stewardship_seed.sql', (text) =>
      text.replace('DO $gate$', 'DO $nogate$').replace('$gate$;', '$nogate$;'),
    );
    const error = await refusal();
    expect(error.details.field).toBe('manifest.tiers[3].file');
    expect(error.message).toContain('in-database gate for APR-BOOT-AUTHMODEL-1 at quorum 1');
  });

  it('refuses a seed tier whose gate asks for a smaller quorum than the manifest', async () => {
    await editManifest((m) => {
      m.proposal.quorum = 2;
    });
    expect((await refusal()).message).toContain('at quorum 2');
  });

  it('refuses a tier file that controls its own transaction', async () => {
    await edit('02_responsibility_axis.sql', (text) => `${text}\nCOMMIT;\n`);
    expect((await refusal()).message).toMatch(/^02_responsibility_axis\.sql controls transactions/);
  });

  it('keeps the four seed gates identical apart from the tier number', async () => {
    const bundle = await loadBundle({ dir });
    const gates = bundle.tiers
      .filter((t) => t.isSeed)
      .map((t) => {
        const gate = /DO \$gate\$[\s\S]*?\$gate\$;/.exec(t.sql)?.[0] ?? '';
        expect(gate).toContain(`this_tier constant integer := ${t.tier};`);
        return gate.replace(`this_tier constant integer := ${t.tier};`, 'this_tier constant integer := N;');
      });
    expect(gates).toHaveLength(4);
    expect(new Set(gates).size).toBe(1);
    expect(gates[0]).toContain("levels    constant text[]  := ARRAY['L2', 'L4'];");
  });

  it('refuses a seed gate whose ratifying levels differ from the manifest', async () => {
    await editManifest((m) => {
      m.proposal.ratifyingLevels = ['L1', 'L2', 'L4'];
    });
    const error = await refusal();
    expect(error.details.field).toBe('manifest.tiers[2].file');
    expect(error.message).toContain('levels L1, L2, L4');
  });

  it('refuses a seed gate weakened in one tier only', async () => {
    await edit('06_emission_seed.sql', (text) =>
      text.replace(
        'AND a.approver_level = ANY (levels)',
        "AND (a.approver_level = ANY (levels) OR a.approver_level = 'L1')",
      ),
    );
    expect((await refusal()).details.field).toBe('manifest.tiers[5].file');
  });

  it('refuses a tier that records itself in the ledger as another gate class', async () => {
    await edit('03_ownership_seed.sql', (text) =>
      text.replace("VALUES (3, 'ratification',", "VALUES (3, 'structure',"),
    );
    expect((await refusal()).message).toContain('must end by recording tier 3 as ratification');
  });

  it('refuses a manifest that still carries a coverageQuery', async () => {
    await editManifest((m) => {
      m.coverageQuery = 'SELECT collection, responsibility, authority FROM one_roof.coverage';
    });
    const error = await refusal();
    expect(error.details.field).toBe('manifest.coverageQuery');
    expect(error.message).toContain('never runs SQL from a manifest');
  });

  it('exposes each tier as the exact text the digest covers', async () => {
    const bundle = await loadBundle({ dir });
    for (const tier of bundle.tiers) {
      expect(createHash('sha256').update(tier.sql).digest('hex')).toBe(tier.sha256);
      expect(bundle.files.find((f) => f.path === tier.file)?.sha256).toBe(tier.sha256);
    }
  });

  for (const schema of ['public', 'pg_catalog', 'information_schema']) {
    it(`refuses a manifest whose schema is ${schema}, which rollback would drop whole`, async () => {
      await editManifest((m) => {
        m.schema = schema;
      });
      expect((await refusal()).details.field).toBe('manifest.schema');
    });
  }
});
