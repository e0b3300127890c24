import 'server-only';
import path from 'node:path';
import { readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { type BundleFile, computeBundleDigest, type DigestedFile } from '@/lib/server/bundle/compute-digest';
import { expectedTierSql } from '@/lib/server/bundle/expected-tier-sql';
import { type Manifest, type ManifestTier, manifestSchema } from '@/lib/server/bundle/manifest-schema';
import { parseDuration } from '@/lib/server/bundle/parse-duration';
import { splitSqlStatements } from '@/lib/server/bundle/split-sql';
import {
  expectedGapAfterTiers,
  governedCollections,
  responsibilityCodes,
} from '@/lib/server/coverage/gap-arithmetic';

/** `sql` is the exact text the digest covers; `sha256` is that file's hash in the digest listing. */
export type BundleTier = ManifestTier & {
  isSeed: boolean;
  statements: string[];
  sql: string;
  sha256: string;
};

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
 * Reads a bundle folder once, computes its digest over the bytes read, and
 * validates its manifest against itself and its SQL parsed from those same
 * bytes. Every problem names the field or file at fault.
 */
export async function loadBundle(options: { dir?: string } = {}): Promise<Bundle> {
  // The bundle is data chosen at run time, not a build input: keep the bundler from tracing it.
  const dir = path.resolve(/* turbopackIgnore: true */ options.dir ?? readEnv().BUNDLE_DIR);
  let snapshot: Awaited<ReturnType<typeof computeBundleDigest>>;
  try {
    snapshot = await computeBundleDigest({ dir });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw invalid(dir, `cannot be read as a bundle folder: ${(error as Error).message}`);
  }
  const { digest, files } = snapshot;
  const raw = fileText(files, 'manifest.json', 'manifest.json', dir);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw invalid('manifest.json', `is not valid JSON: ${(error as Error).message}`);
  }
  if (json && typeof json === 'object' && 'coverageQuery' in json) {
    throw invalid(
      'manifest.coverageQuery',
      'is no longer accepted: the app reads coverage with its own fixed SQL and never runs SQL from a manifest; remove the field',
    );
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
    const field = `manifest.tiers[${index}].file`;
    const sql = fileText(files, tier.file, field, dir);
    const isSeed = tier.gate === 'ratification';
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
    checkTierSql(manifest, tier, sql, statements, field);
    const sha256 = files.find((file) => file.path === tier.file)?.sha256 ?? '';
    tiers.push({ ...tier, isSeed, statements, sql, sha256 });
  }
  checkRunAll(manifest, fileText(files, manifest.runAll, 'manifest.runAll', dir));

  return {
    dir,
    manifest,
    digest,
    files: files.map(({ path: file, sha256 }) => ({ path: file, sha256 })),
    tiers,
    collections: governedCollections(manifest),
    kinds: responsibilityCodes(manifest),
  };
}

function fileText(files: BundleFile[], file: string, field: string, dir: string): string {
  const found = files.find((f) => f.path === file);
  if (found) {
    // Fatal and BOM-preserving, so the text parsed is exactly the bytes hashed.
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(found.bytes);
    } catch {
      throw invalid(field, `names ${file}, which is not valid UTF-8`);
    }
  }
  if (files.some((f) => f.path.startsWith(`${file}/`))) {
    throw invalid(field, `names ${file}, which is a directory, not a file`);
  }
  throw invalid(
    field,
    file === 'manifest.json' ? `is missing from ${dir}` : `names ${file}, which is not in the bundle`,
  );
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

function checkTierSql(
  manifest: Manifest,
  tier: ManifestTier,
  sql: string,
  statements: string[],
  field: string,
): void {
  if (/^\s*\\/m.test(sql)) {
    throw invalid(tier.file, 'contains a psql meta-command; tier files must be plain SQL');
  }
  const expected = expectedTierSql({ manifest, tier });
  const opening = withoutLeadingComments(statements[0] ?? '');
  if (expected.gate !== null && opening !== expected.gate) {
    const { code, quorum, ratifyingLevels, quorumMode, ratificationExpiresAfter } = manifest.proposal;
    const disagreement = policyDisagreement(manifest, opening);
    throw new DomainError(
      'BUNDLE_INVALID',
      `${field} (${tier.file}) must open with the in-database gate for ${code} at quorum ${quorum} and levels ${ratifyingLevels.join(', ')} (quorum mode ${quorumMode}, ${ratificationExpiresAfter ? `expiring after ${ratificationExpiresAfter}` : 'no expiry'}), exactly as lib/server/bundle/expected-tier-sql.ts writes it${disagreement ? `: ${disagreement.sentence}` : ''}`,
      { field, ...(disagreement ? { constant: disagreement.constant } : {}) },
    );
  }
  if (withoutLeadingComments(statements.at(-1) ?? '') !== expected.ledger) {
    throw invalid(
      field,
      `(${tier.file}) must end by recording tier ${tier.tier} as ${tier.gate} in ${manifest.schema}.tier_ledger, exactly as lib/server/bundle/expected-tier-sql.ts writes it`,
    );
  }
}

/**
 * The DBA's script may use only the psql commands it needs, and include the
 * manifest's tier files, each once and in order: nothing outside the bundle,
 * no shell.
 */
function checkRunAll(manifest: Manifest, sql: string): void {
  const included: string[] = [];
  for (const [index, line] of sql.split('\n').entries()) {
    const text = line.trim();
    const where = `${manifest.runAll} line ${index + 1}`;
    if (text.startsWith('--')) {
      if (/\\[A-Za-z!?]/.test(text))
        throw invalid(manifest.runAll, `hides a psql command in a comment (${where})`);
      continue;
    }
    if (!text.includes('\\')) continue;
    if (text.includes('`')) throw invalid(manifest.runAll, `runs a shell command at line ${index + 1}`);
    const include = /^\\ir\s+(\S+)$/.exec(text);
    if (include) {
      included.push(include[1] as string);
      continue;
    }
    const allowed =
      /^\\(set|if|elif|else|endif|warn|echo|quit)(\s[^\\]*)?$/.test(text) ||
      /^[^\\]*\s\\gset(\s+[a-z_]+)?$/.test(text) ||
      /^\\gset(\s+[a-z_]+)?$/.test(text);
    if (!allowed) throw invalid(manifest.runAll, `uses a psql command it may not use (${where}: ${text})`);
  }
  const expected = manifest.tiers.map((tier) => tier.file);
  if (included.join('\n') !== expected.join('\n')) {
    throw invalid(
      manifest.runAll,
      `must include exactly the manifest's tier files in order with \\ir (${expected.join(', ')}); it includes ${included.join(', ') || 'none'}`,
    );
  }
}

/**
 * The policy constant a seed tier's gate block disagrees with its manifest on, as a
 * sentence: the block, not the manifest, is what the database enforces under psql.
 */
function policyDisagreement(manifest: Manifest, gate: string): { constant: string; sentence: string } | null {
  const { quorum, ratifyingLevels, quorumMode, ratificationExpiresAfter } = manifest.proposal;
  const seconds =
    ratificationExpiresAfter === undefined ? null : parseDuration({ text: ratificationExpiresAfter });
  const constants = [
    {
      constant: 'quorum',
      pattern: /^ {2}quorum +constant integer := ([0-9]+);$/m,
      manifest: 'manifest.proposal.quorum',
      want: String(quorum),
    },
    {
      constant: 'levels',
      pattern: /^ {2}levels +constant text\[\] +:= ARRAY\[([^\]\n]*)\];$/m,
      manifest: 'manifest.proposal.ratifyingLevels',
      want: [...ratifyingLevels]
        .sort()
        .map((level) => `'${level}'`)
        .join(', '),
    },
    {
      constant: 'mode',
      pattern: /^ {2}mode +constant text +:= '([a-z]*)';$/m,
      manifest: 'manifest.proposal.quorumMode',
      want: quorumMode,
    },
    {
      constant: 'expires',
      pattern: /^ {2}expires +constant interval := (NULL|interval '[0-9]+ seconds');$/m,
      manifest: 'manifest.proposal.ratificationExpiresAfter',
      want: seconds === null ? 'NULL' : `interval '${seconds} seconds'`,
    },
  ];
  for (const check of constants) {
    const found = check.pattern.exec(gate)?.[1];
    if (found === undefined) {
      return {
        constant: check.constant,
        sentence: `its gate has no ${check.constant} constant of the expected form, so what it enforces cannot be checked against ${check.manifest}`,
      };
    }
    if (found !== check.want) {
      return {
        constant: check.constant,
        sentence: `its gate's ${check.constant} is ${found} but ${check.manifest} makes it ${check.want}; the database would enforce the file, not the manifest`,
      };
    }
  }
  return null;
}

function withoutLeadingComments(sql: string): string {
  return sql.trimStart().replace(/^(--[^\n]*\n\s*)*/, '');
}
