import { z } from 'zod';
import { checkTogether } from '@/lib/env-together';

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgres:// or postgresql:// URL');

// An empty variable means "not set": shells and .env files often export blanks.
function blankIsUnset<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema);
}

const optionalUrl = blankIsUnset(postgresUrl.optional());

// A day at most: a budget is a bound, and PostgreSQL's timeouts stop at 2^31 - 1 ms.
const milliseconds = z.coerce.number().int().min(100).max(86_400_000);
const optionalMilliseconds = blankIsUnset(milliseconds.optional());

// Target connection limits (docs/decisions.md): global, then per environment as <NAME>_TARGET_….
const targetLimits = [
  'CONNECT_TIMEOUT_MS',
  'STATEMENT_TIMEOUT_MS',
  'IDLE_IN_TRANSACTION_TIMEOUT_MS',
  'KEEPALIVE_DELAY_MS',
] as const;
type EnvironmentLimit = `${'CLONE' | 'PRODUCTION' | 'STAGING'}_TARGET_${(typeof targetLimits)[number]}`;
const environmentLimits = Object.fromEntries(
  ['CLONE', 'PRODUCTION', 'STAGING'].flatMap((name) =>
    targetLimits.map((limit) => [`${name}_TARGET_${limit}`, optionalMilliseconds]),
  ),
) as Record<EnvironmentLimit, typeof optionalMilliseconds>;

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
    TARGET_CONNECT_TIMEOUT_MS: milliseconds.default(10_000),
    TARGET_STATEMENT_TIMEOUT_MS: milliseconds.default(900_000),
    TARGET_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds.default(300_000),
    TARGET_KEEPALIVE_DELAY_MS: milliseconds.default(10_000),
    ...environmentLimits,
    NEXTAUTH_SECRET: blankIsUnset(
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    ),
    NEXTAUTH_URL: blankIsUnset(z.url().optional()),
    OIDC_ISSUER: blankIsUnset(z.url().optional()),
    OIDC_CLIENT_ID: blankIsUnset(z.string().optional()),
    OIDC_CLIENT_SECRET: blankIsUnset(z.string().optional()),
    // Only a reverse proxy the operator runs may speak for the client's address, scheme and request id.
    TRUST_PROXY: blankIsUnset(
      z
        .enum(['0', '1'], { message: 'must be 1 (behind a trusted reverse proxy) or 0' })
        .default('0')
        .transform((value) => value === '1'),
    ),
    // Issue 10 (docs/decisions.md): how an approver proves presence when ratifying.
    RATIFY_STEP_UP: blankIsUnset(
      z
        .enum(['passkey', 'password', 'either'], { message: 'must be passkey, password or either' })
        .default('passkey'),
    ),
    // The server's Ed25519 key for attestations and checkpoints: a PKCS#8 PEM, or unset to keep one in DATA_DIR.
    SIGNING_KEY: blankIsUnset(z.string().optional()),
    // The key's name in signed notes and DSSE envelopes; also the audit log's checkpoint origin.
    SIGNING_KEY_NAME: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9./_-]{0,127}$/,
        'must be letters, digits and . / _ - (a signed-note key name)',
      )
      .default('one-roof-release-gate/audit'),
    CHECKPOINT_DIR: blankIsUnset(z.string().min(1).optional()),
    CHECKPOINT_URL: blankIsUnset(z.url().optional()),
    CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(100),
    CHECKPOINT_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
    OIDC_ROLE_MAP: blankIsUnset(
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
  .superRefine(checkTogether);

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
