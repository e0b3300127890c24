import 'server-only';
import { bundleInvalid as invalid } from '@/lib/server/bundle/bundle-invalid';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';

/**
 * The DBA's script may use only the psql commands it needs, and include the
 * manifest's tier files, each once and in order: nothing outside the bundle,
 * no shell.
 */
export function checkRunAll(manifest: Manifest, sql: string): void {
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
