import { z } from 'zod';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// or postgresql:// URL');

// An empty variable means "not set": shells and .env files often export blanks.
const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), postgresUrl.optional());

// A day at most: a budget is a bound, and PostgreSQL's timeouts stop at 2^31 - 1 ms.
const milliseconds = z.coerce.number().int().min(100).max(86_400_000);
const optionalMilliseconds = z.preprocess(
  (value) => (value === '' ? undefined : value),
  milliseconds.optional(),
);

const roleSpec = z.string().regex(/^(approver:L[1-4]|owner|operator|auditor|viewer)$/);
const oidcRoleMapSchema = z.record(z.string().min(1), z.union([roleSpec, z.array(roleSpec)]));
export type OidcRoleMap = z.infer<typeof oidcRoleMapSchema>;

const envSchema = z
  .object({
    DATABASE_URL: optionalUrl,
    CLONE_DATABASE_URL: optionalUrl,
    PRODUCTION_DATABASE_URL: optionalUrl,
    STAGING_DATABASE_URL: optionalUrl,
    // Least privilege (README): the control plane's owner runs migrations; the ratifier alone writes approvals.
    DATABASE_OWNER_URL: optionalUrl,
    PRODUCTION_RATIFY_DATABASE_URL: optionalUrl,
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default('.data'),
    BUNDLE_DIR: z.string().min(1).default('releases/one-roof-authmodel'),
    TARGET_READ_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    // Target connection limits (docs/decisions.md): global, then per environment as <NAME>_TARGET_….
    TARGET_CONNECT_TIMEOUT_MS: milliseconds.default(10_000),
    TARGET_STATEMENT_TIMEOUT_MS: milliseconds.default(900_000),
    TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds.default(300_000),
    TARGET_KEEPALIVE_DELAY_MS: milliseconds.default(10_000),
    CLONE_TARGET_CONNECT_TIMEOUT_MS: optionalMilliseconds,
    CLONE_TARGET_STATEMENT_TIMEOUT_MS: optionalMilliseconds,
    CLONE_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS: optionalMilliseconds,
    CLONE_TARGET_KEEPALIVE_DELAY_MS: optionalMilliseconds,
    PRODUCTION_TARGET_CONNECT_TIMEOUT_MS: optionalMilliseconds,
    PRODUCTION_TARGET_STATEMENT_TIMEOUT_MS: optionalMilliseconds,
    PRODUCTION_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS: optionalMilliseconds,
    PRODUCTION_TARGET_KEEPALIVE_DELAY_MS: optionalMilliseconds,
    STAGING_TARGET_CONNECT_TIMEOUT_MS: optionalMilliseconds,
    STAGING_TARGET_STATEMENT_TIMEOUT_MS: optionalMilliseconds,
    STAGING_TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS: optionalMilliseconds,
    STAGING_TARGET_KEEPALIVE_DELAY_MS: optionalMilliseconds,
    NEXTAUTH_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    ),
    NEXTAUTH_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
    OIDC_ISSUER: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
    OIDC_CLIENT_ID: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
    OIDC_CLIENT_SECRET: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
    // Only a reverse proxy the operator runs may speak for the client's address, scheme and request id.
    TRUST_PROXY: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .enum(['0', '1'], { message: 'must be 1 (behind a trusted reverse proxy) or 0' })
        .default('0')
        .transform((value) => value === '1'),
    ),
    // Issue 10 (docs/decisions.md): how an approver proves presence when ratifying.
    RATIFY_STEP_UP: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .enum(['passkey', 'password', 'either'], { message: 'must be passkey, password or either' })
        .default('passkey'),
    ),
    // The server's Ed25519 key for attestations and checkpoints: a PKCS#8 PEM, or unset to keep one in DATA_DIR.
    SIGNING_KEY: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
    // The key's name in signed notes and DSSE envelopes; also the audit log's checkpoint origin.
    SIGNING_KEY_NAME: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9./_-]{0,127}$/,
        'must be letters, digits and . / _ - (a signed-note key name)',
      )
      .default('one-roof-release-gate/audit'),
    CHECKPOINT_DIR: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
    CHECKPOINT_URL: z.preprocess((value) => (value === '' ? undefined : value), z.url().optional()),
    CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(100),
    CHECKPOINT_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
    OIDC_ROLE_MAP: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .transform((text, ctx) => {
          try {
            return oidcRoleMapSchema.parse(JSON.parse(text));
          } catch {
            ctx.addIssue({
              code: 'custom',
              message:
                'must be JSON mapping group names to roles, e.g. {"gate-l4":"approver:L4","gate-ops":"operator"}',
            });
            return z.NEVER;
          }
        })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const core = ['DATABASE_URL', 'CLONE_DATABASE_URL', 'PRODUCTION_DATABASE_URL'] as const;
    const set = core.filter((name) => env[name] !== undefined);
    if (set.length > 0 && set.length < core.length) {
      for (const name of core.filter((n) => env[n] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is missing: set all of ${core.join(', ')} for real PostgreSQL, or none for the embedded default`,
        });
      }
    }
    const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'] as const;
    const oidcSet = oidc.filter((name) => env[name] !== undefined);
    if (oidcSet.length > 0 && oidcSet.length < oidc.length) {
      for (const name of oidc.filter((n) => env[n] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is missing: SSO needs all of ${oidc.join(', ')}`,
        });
      }
    }
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
  });

function sameDatabase(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.host === y.host && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

export type AppEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export function readEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  return parsed.data;
}

export type DatabaseUrls = {
  control: string;
  clone: string;
  production: string;
  staging?: string;
  /** The control plane's owner, for migrations only; defaults to control. */
  controlOwner?: string;
  /** The only credential that writes production's approval rows; defaults to production. */
  productionRatify?: string;
};

/** The configured servers, or null when the embedded default is to be used. */
export function configuredDatabaseUrls(env: AppEnv = readEnv()): DatabaseUrls | null {
  if (!env.DATABASE_URL || !env.CLONE_DATABASE_URL || !env.PRODUCTION_DATABASE_URL) return null;
  return {
    control: env.DATABASE_URL,
    clone: env.CLONE_DATABASE_URL,
    production: env.PRODUCTION_DATABASE_URL,
    ...(env.STAGING_DATABASE_URL ? { staging: env.STAGING_DATABASE_URL } : {}),
    ...(env.DATABASE_OWNER_URL ? { controlOwner: env.DATABASE_OWNER_URL } : {}),
    ...(env.PRODUCTION_RATIFY_DATABASE_URL ? { productionRatify: env.PRODUCTION_RATIFY_DATABASE_URL } : {}),
  };
}

export function requireDatabaseUrls(env: AppEnv = readEnv()): DatabaseUrls {
  const urls = configuredDatabaseUrls(env);
  if (!urls) {
    throw new EnvError([
      'DATABASE_URL, CLONE_DATABASE_URL and PRODUCTION_DATABASE_URL are not set: start the app with `npm start`, which provides the embedded databases',
    ]);
  }
  return urls;
}
