import 'server-only';
import path from 'node:path';
import { readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { bundleInvalid as invalid } from '@/lib/server/bundle/bundle-invalid';
import { checkManifestConsistency } from '@/lib/server/bundle/check-manifest-consistency';
import { checkRunAll } from '@/lib/server/bundle/check-run-all';
import { checkTierSql } from '@/lib/server/bundle/check-tier-sql';
import { type BundleFile, computeBundleDigest, type DigestedFile } from '@/lib/server/bundle/compute-digest';
import { type Manifest, type ManifestTier, manifestSchema } from '@/lib/server/bundle/manifest-schema';
import { splitSqlStatements } from '@/lib/server/bundle/split-sql';
import { withoutLeadingComments } from '@/lib/server/bundle/without-leading-comments';
import { governedCollections, responsibilityCodes } from '@/lib/server/coverage/gap-arithmetic';

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
  checkManifestConsistency(manifest);

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
