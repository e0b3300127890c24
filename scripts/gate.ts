import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EnvError } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import { parseTierRange } from '@/lib/tier-range';
import type { CliCredentials } from './commands/release-commands';
import { UsageError } from './commands/usage-error';
import type { OpenDatabases } from './lib/open-databases';

// Each command imports only what it uses (Prisma, the embedded databases, the runner), so a start pays for one.
const USAGE = `Usage: npm run gate -- <command> [options]

  status [--json]                                 gap, tiers and gate per environment
  apply --env <name> --tiers <range> --as <email> apply tiers (e.g. 1-6, 3, 1,2) as that person
  reset-clone --as <email>                        make the clone equal to production again
  rollback-structure --env <name> --as <email>    drop tiers 1-2 while no seed tier is applied
    These three prove --as: --password-stdin (the password on standard input),
    or GATE_TOKEN=<a personal token from Settings → Tokens in the app>.
  digest                                          print the bundle digest (for psql -v bundle_digest=)
  verify-audit <export.json>                      verify an audit export offline (no database),
                                                  with each ratification's passkey signature
    [--checkpoints <dir> [--key <verifier key>]]  and prove it matches every signed checkpoint in dir
  audit-proof <export.json> <seq> --checkpoint <file>   inclusion proof of one event (JSON)
  verify-inclusion <proof.json> --key <verifier key>    check an inclusion proof offline
  verify-attestation <envelope.json> --public-key <pem>
                                                  verify a signed attestation offline
  users add --email <e> --name <n> [--password-stdin]
  users disable|enable --email <e>
  users grant --email <e> --role <approver|owner|operator|auditor|viewer> [--level L1-L4]
  users revoke --email <e> --role <role>
  users list [--json]
  users set-proposer --email <e> --proposal <code>
  users link-sso --email <e> --subject <issuer subject>

Exit codes: 0 done, 1 refused or failed (one line with the reason), 2 usage, 3 unexpected error.`;

const log = (line: string) => console.error(`[one-roof] ${line}`);

const OPTIONS = {
  env: { type: 'string' },
  checkpoints: { type: 'string' },
  checkpoint: { type: 'string' },
  key: { type: 'string' },
  tiers: { type: 'string' },
  as: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  level: { type: 'string' },
  proposal: { type: 'string' },
  subject: { type: 'string' },
  'public-key': { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
type Args = { command: string; rest: string[]; values: Values };
type StringOption = { [K in keyof Values]-?: Values[K] extends string | undefined ? K : never }[keyof Values];

// What a usage error names for a missing value: `<command> needs <hint>`.
const HINTS: Partial<Record<StringOption | 'file', string>> = {
  env: '--env <name>',
  as: '--as <email>',
  'public-key': '--public-key <file> (see docs/attestation.md)',
  file: 'the export file',
};

/** The option's value, or a usage error naming it; `file` is the first positional argument. */
function required(args: Args, name: StringOption | 'file', hint = HINTS[name] ?? `--${name}`): string {
  const value = name === 'file' ? args.rest[0] : args.values[name];
  if (!value) throw new UsageError(`${args.command} needs ${hint}`);
  return value;
}

async function readPasswordFromStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('--password-stdin given but standard input was empty');
}

/** How a command acting as a person proves it: the password on standard input, else GATE_TOKEN. */
async function personCredentials(args: Args): Promise<CliCredentials> {
  const as = required(args, 'as');
  const fromStdin = args.values['password-stdin'];
  return {
    as,
    password: fromStdin ? await readPasswordFromStdin() : null,
    token: fromStdin ? null : process.env.GATE_TOKEN || null,
  };
}

/** Commands that need no database: they run as soon as their arguments are read. */
const OFFLINE_COMMANDS: Record<string, (args: Args) => Promise<void>> = {
  digest: async () => {
    const { loadBundle } = await import('@/lib/server/bundle/load-bundle');
    console.log((await loadBundle()).digest);
  },
  'audit-proof': async ({ rest: [file, seq], values }) => {
    const { printInclusionProof } = await import('./commands/checkpoint-commands');
    await printInclusionProof({ file, seq, checkpoint: values.checkpoint });
  },
  'verify-inclusion': async ({ rest: [file], values }) => {
    const { printInclusionVerification } = await import('./commands/checkpoint-commands');
    await printInclusionVerification({ file, key: values.key });
  },
  'verify-audit': async (args) => {
    const file = required(args, 'file');
    if (args.values.checkpoints) {
      const { printCheckpointVerification } = await import('./commands/checkpoint-commands');
      await printCheckpointVerification({ file, dir: args.values.checkpoints, key: args.values.key });
    }
    const { verifyAuditExport } = await import('@/lib/server/audit/verify-audit-export');
    const result = await verifyAuditExport({ file });
    const { describeRatification } = await import('./commands/verify-commands');
    for (const check of result.ratifications) console.log(describeRatification(check));
    if (result.ratifications.some((check) => check.outcome === 'failed')) process.exitCode = 1;
    if (result.intact) {
      console.log(`intact: ${result.events} events, the chain and its head agree`);
      return;
    }
    console.log(`BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}`);
    process.exitCode = 1;
  },
  'verify-attestation': async (args) => {
    const file = required(args, 'file', 'the envelope file');
    const publicKeyFile = required(args, 'public-key');
    const { verifyAttestationFile } = await import('./commands/verify-commands');
    if (!(await verifyAttestationFile({ file, publicKeyFile }))) process.exitCode = 1;
  },
};

type DatabaseWork = (databases: OpenDatabases) => Promise<void>;

/**
 * Commands that read or change the databases: each checks its arguments (and reads a password) before any
 * database is opened, and returns the work to do once they are.
 */
const DATABASE_COMMANDS: Record<string, (args: Args) => Promise<DatabaseWork> | DatabaseWork> = {
  status: async ({ values }) => {
    return async () => (await import('./commands/release-commands')).printStatus(values.json);
  },
  apply: async (args) => {
    const environment = required(args, 'env');
    const tiers = parseTierRange(args.values.tiers ?? '');
    if (!tiers) throw new UsageError('apply needs --tiers like 1-6, 3 or 1,2');
    const credentials = await personCredentials(args);
    // The bundle preparing just loaded and hashed: its SQL is the bytes of that digest, so it is not read again.
    return async (databases) =>
      (await import('./commands/release-commands')).apply({
        environment,
        tiers,
        credentials,
        bundle: databases.bundle ?? undefined,
      });
  },
  'reset-clone': async (args) => {
    const credentials = await personCredentials(args);
    return async (databases) =>
      (await import('./commands/release-commands')).resetCloneCommand({
        credentials,
        bundle: databases.bundle ?? undefined,
      });
  },
  'rollback-structure': async (args) => {
    const environment = required(args, 'env');
    const credentials = await personCredentials(args);
    return async () =>
      (await import('./commands/release-commands')).rollbackStructureCommand({ environment, credentials });
  },
  users: async ({ rest, values }) => {
    const readPassword = async () => (values['password-stdin'] ? readPasswordFromStdin() : undefined);
    return async () =>
      (await import('./commands/user-commands')).runUserCommand(rest[0], { ...values, readPassword });
  },
};

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!command && !values.help) throw new UsageError('name a command');
    return;
  }
  const args: Args = { command, rest, values };
  const offline = OFFLINE_COMMANDS[command];
  if (offline) return offline(args);
  const prepare = DATABASE_COMMANDS[command];
  if (!prepare) throw new UsageError(`unknown command ${command}`);
  if (command !== 'users' && rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  const work = await prepare(args);
  const { openDatabases } = await import('./lib/open-databases');
  const databases = await openDatabases({ log });
  try {
    const { finishDeadRuns } = await import('@/lib/server/runner/finish-dead-runs');
    // A run whose process died is ended before any command reads or starts runs, as the server does at start-up.
    await finishDeadRuns().catch((error: unknown) =>
      console.error(`[one-roof] ending dead runs failed: ${(error as Error).message}`),
    );
    await work(databases);
  } finally {
    await databases.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    if (isDomainError(error)) {
      console.error(`${isRunFailure(error) ? 'failed' : 'refused'}: ${error.code}: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`usage error: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof EnvError ? error.message : `error: ${(error as Error).stack ?? error}`);
    process.exit(3);
  },
);
