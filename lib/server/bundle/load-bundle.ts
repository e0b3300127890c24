import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { computeBundleDigest, type DigestedFile } from '@/lib/server/bundle/compute-digest';
import { type Manifest, type ManifestTier, manifestSchema } from '@/lib/server/bundle/manifest-schema';
import { splitSqlStatements } from '@/lib/server/bundle/split-sql';
import {
  expectedGapAfterTiers,
  governedCollections,
  responsibilityCodes,
} from '@/lib/server/coverage/gap-arithmetic';

export type BundleTier = ManifestTier & { isSeed: boolean; statements: string[] };

export type Bundle = {
  dir: string;
  manifest: Manifest;
  digest: string;
  files: DigestedFile[];
  tiers: BundleTier[];
  collections: string[];
  kinds: string[];
};

function invalid(field: string, problem: string): DomainError {
  return new DomainError('BUNDLE_INVALID', `${field} ${problem}`, { field });
}

/**
 * Reads a bundle folder, validates its manifest against itself and its SQL,
 * and computes its digest. Every problem names the field or file at fault.
 */
export async function loadBundle(options: { dir?: string } = {}): Promise<Bundle> {
  // The bundle is data chosen at run time, not a build input: keep the bundler from tracing it.
  const dir = path.resolve(/* turbopackIgnore: true */ options.dir ?? readEnv().BUNDLE_DIR);
  let raw: string;
  try {
    raw = await readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch {
    throw invalid('manifest.json', `is missing from ${dir}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw invalid('manifest.json', `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['manifest', ...(issue?.path ?? [])]
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .slice(1);
    throw invalid(field, issue?.message ?? 'is invalid');
  }
  const manifest = parsed.data;
  checkConsistency(manifest);

  const tiers: BundleTier[] = [];
  for (const [index, tier] of manifest.tiers.entries()) {
    const sql = await readTierFile(dir, tier.file, `manifest.tiers[${index}].file`);
    const isSeed = tier.gate === 'ratification';
    checkTierSql(manifest, tier, sql, `manifest.tiers[${index}]`);
    let statements: string[];
    try {
      statements = splitSqlStatements(sql);
    } catch (error) {
      throw invalid(tier.file, `cannot be split into statements: ${(error as Error).message}`);
    }
    const transactionControl = statements.find((statement) =>
      /^(BEGIN|COMMIT|END|ROLLBACK|START\s+TRANSACTION|SAVEPOINT|RELEASE)\b/i.test(
        withoutLeadingComments(statement),
      ),
    );
    if (transactionControl) {
      throw invalid(
        tier.file,
        'controls transactions itself; each tier runs inside the transaction it is given',
      );
    }
    tiers.push({ ...tier, isSeed, statements });
  }
  await readTierFile(dir, manifest.runAll, 'manifest.runAll');

  const { digest, files } = await computeBundleDigest({ dir });
  return {
    dir,
    manifest,
    digest,
    files,
    tiers,
    collections: governedCollections(manifest),
    kinds: responsibilityCodes(manifest),
  };
}

async function readTierFile(dir: string, file: string, field: string): Promise<string> {
  try {
    return await readFile(path.join(dir, file), 'utf8');
  } catch {
    throw invalid(field, `names ${file}, which is not in the bundle`);
  }
}

function checkConsistency(manifest: Manifest): void {
  manifest.tiers.forEach((tier, index) => {
    if (tier.tier !== index + 1) throw invalid(`manifest.tiers[${index}].tier`, `must be ${index + 1}`);
    const previous = manifest.tiers[index - 1];
    if (previous?.gate === 'ratification' && tier.gate === 'structure') {
      throw invalid(`manifest.tiers[${index}].gate`, 'must be ratification: structure tiers come first');
    }
  });
  const authorityCodes = new Set(manifest.authorities.map((a) => a.code));
  const seen = new Set<string>();
  for (const [authority, collections] of Object.entries(manifest.governedCollections)) {
    if (!authorityCodes.has(authority)) {
      throw invalid(`manifest.governedCollections.${authority}`, 'is not one of manifest.authorities');
    }
    for (const collection of collections) {
      if (seen.has(collection)) {
        throw invalid(`manifest.governedCollections.${authority}`, `lists ${collection} twice`);
      }
      seen.add(collection);
    }
  }
  manifest.responsibilityKinds.forEach((kind, index) => {
    const tier = manifest.tiers.find((t) => t.tier === kind.tier);
    if (tier?.gate !== 'ratification') {
      throw invalid(`manifest.responsibilityKinds[${index}].tier`, 'must name a ratification tier');
    }
    if (!manifest.assignmentRules[kind.code]) {
      throw invalid(`manifest.assignmentRules.${kind.code}`, 'is missing');
    }
  });
  const cells = seen.size * manifest.responsibilityKinds.length;
  if (manifest.initialGap !== cells) {
    throw invalid('manifest.initialGap', `must be ${cells} (collections × responsibility kinds)`);
  }
  const expected = expectedGapAfterTiers(manifest);
  manifest.tiers.forEach((tier, index) => {
    if (tier.gapAfter !== expected.get(tier.tier)) {
      throw invalid(`manifest.tiers[${index}].gapAfter`, `must be ${expected.get(tier.tier)}`);
    }
  });
}

function checkTierSql(manifest: Manifest, tier: ManifestTier, sql: string, field: string): void {
  if (/^\s*\\/m.test(sql)) {
    throw invalid(tier.file, 'contains a psql meta-command; tier files must be plain SQL');
  }
  if (tier.gate !== 'ratification') return;
  const { code, quorum, approvalsTable } = manifest.proposal;
  const gate = /DO \$gate\$[\s\S]*?\$gate\$/.exec(sql)?.[0];
  const guarded =
    gate !== undefined &&
    withoutLeadingComments(sql).startsWith('DO $gate$') &&
    gate.includes(`'${code}'`) &&
    new RegExp(`quorum\\s+constant\\s+integer\\s*:=\\s*${quorum}\\s*;`).test(gate) &&
    gate.includes(`public.${approvalsTable}`) &&
    gate.includes('revoked_at IS NULL') &&
    gate.includes('RAISE EXCEPTION');
  if (!guarded) {
    throw invalid(
      `${field}.file`,
      `(${tier.file}) must open with the in-database gate for ${code} at quorum ${quorum}`,
    );
  }
}

function withoutLeadingComments(sql: string): string {
  return sql.trimStart().replace(/^(--[^\n]*\n\s*)*/, '');
}
