import type { z } from 'zod';

type UrlName =
  | 'DATABASE_URL'
  | 'CLONE_DATABASE_URL'
  | 'PRODUCTION_DATABASE_URL'
  | 'STAGING_DATABASE_URL'
  | 'DATABASE_OWNER_URL'
  | 'PRODUCTION_RATIFY_DATABASE_URL';
type OidcName = 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_ROLE_MAP';

/** The settings that are only valid together: all the databases or none, all of SSO or none, and distinct databases. */
export function checkTogether(
  env: Partial<Record<UrlName, string>> & Partial<Record<OidcName, unknown>>,
  ctx: z.RefinementCtx,
): void {
  const core = ['DATABASE_URL', 'CLONE_DATABASE_URL', 'PRODUCTION_DATABASE_URL'] as const;
  const set = requireAllOrNone(env, core, ctx, 'for real PostgreSQL, or none for the embedded default');
  const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'] as const;
  requireAllOrNone(env, oidc, ctx, '', 'SSO needs all of');
  if (env.STAGING_DATABASE_URL && set.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['STAGING_DATABASE_URL'],
      message: 'needs DATABASE_URL, CLONE_DATABASE_URL and PRODUCTION_DATABASE_URL set as well',
    });
  }
  for (const [name, partner] of [
    ['DATABASE_OWNER_URL', 'DATABASE_URL'],
    ['PRODUCTION_RATIFY_DATABASE_URL', 'PRODUCTION_DATABASE_URL'],
  ] as const) {
    const url = env[name];
    if (!url) continue;
    const other = env[partner];
    if (!other) {
      ctx.addIssue({ code: 'custom', path: [name], message: `needs ${partner} set as well` });
    } else if (!sameDatabase(url, other)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `must name the same database as ${partner} (only the user and password differ)`,
      });
    }
  }
  const urls = [...core, 'STAGING_DATABASE_URL' as const]
    .map((name) => [name, env[name]] as const)
    .filter(([, url]) => url);
  for (const [name, url] of urls) {
    const twin = urls.find(([other, otherUrl]) => other !== name && otherUrl === url);
    if (twin && name !== 'DATABASE_URL') {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `must name a different database than ${twin[0]}`,
      });
    }
  }
}

/** Flags each missing name when some but not all of `names` are set; returns the ones that are set. */
function requireAllOrNone<N extends UrlName | OidcName>(
  env: Partial<Record<N, unknown>>,
  names: readonly N[],
  ctx: z.RefinementCtx,
  after: string,
  before = 'set all of',
): N[] {
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length === 0 || set.length === names.length) return set;
  for (const name of names.filter((n) => env[n] === undefined)) {
    const message = `is missing: ${before} ${names.join(', ')}${after ? ` ${after}` : ''}`;
    ctx.addIssue({ code: 'custom', path: [name], message });
  }
  return set;
}

function sameDatabase(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.host === y.host && x.pathname === y.pathname;
  } catch {
    return false;
  }
}
