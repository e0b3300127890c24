import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { EnvError } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { isRunFailure } from '@/lib/server/runner/is-run-failure';
import { parseTierRange } from '@/lib/tier-range';
import { UsageError } from './commands/usage-error';

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

async function readPasswordFromStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('--password-stdin given but standard input was empty');
}

function needs(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(what);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
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
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!command && !values.help) throw new UsageError('name a command');
    return;
  }
  if (command === 'digest') {
    const { loadBundle } = await import('@/lib/server/bundle/load-bundle');
    console.log((await loadBundle()).digest);
    return;
  }
  if (
    ['audit-proof', 'verify-inclusion'].includes(command) ||
    (command === 'verify-audit' && values.checkpoints)
  ) {
    const commands = await import('./commands/checkpoint-commands');
    const [file, seq] = rest;
    if (command === 'audit-proof')
      return commands.printInclusionProof({ file, seq, checkpoint: values.checkpoint });
    if (command === 'verify-inclusion') return commands.printInclusionVerification({ file, key: values.key });
    const dir = values.checkpoints as string;
    await commands.printCheckpointVerification({
      file: needs(file, 'verify-audit needs the export file'),
      dir,
      key: values.key,
    });
  }
  if (command === 'verify-audit') {
    const { verifyAuditExport } = await import('@/lib/server/audit/verify-audit-export');
    const result = await verifyAuditExport({ file: needs(rest[0], 'verify-audit needs the export file') });
    const { describeRatification } = await import('./commands/verify-commands');
    for (const check of result.ratifications) console.log(describeRatification(check));
    if (result.ratifications.some((check) => check.outcome === 'failed')) process.exitCode = 1;
    if (result.intact) {
      console.log(`intact: ${result.events} events, the chain and its head agree`);
      return;
    }
    console.log(`BROKEN at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}`);
    process.exitCode = 1;
    return;
  }
  if (command === 'verify-attestation') {
    const { verifyAttestationFile } = await import('./commands/verify-commands');
    const file = needs(rest[0], 'verify-attestation needs the envelope file');
    const publicKeyFile = needs(
      values['public-key'],
      'verify-attestation needs --public-key <file> (see docs/attestation.md)',
    );
    if (!(await verifyAttestationFile({ file, publicKeyFile }))) process.exitCode = 1;
    return;
  }
  const known = ['status', 'apply', 'reset-clone', 'rollback-structure', 'users'];
  if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
  if (command !== 'users' && rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  const tiers = command === 'apply' ? parseTierRange(values.tiers ?? '') : null;
  if (command === 'apply') {
    needs(values.env, 'apply needs --env <name>');
    if (!tiers) throw new UsageError('apply needs --tiers like 1-6, 3 or 1,2');
  }
  if (command === 'rollback-structure') needs(values.env, 'rollback-structure needs --env <name>');
  if (['apply', 'reset-clone', 'rollback-structure'].includes(command))
    needs(values.as, `${command} needs --as <email>`);

  const actsAsPerson = ['apply', 'reset-clone', 'rollback-structure'].includes(command);
  const credentials = {
    as: values.as as string,
    password: actsAsPerson && values['password-stdin'] ? await readPasswordFromStdin() : null,
    token: actsAsPerson && !values['password-stdin'] ? process.env.GATE_TOKEN || null : null,
  };
  const { openDatabases } = await import('./lib/open-databases');
  const databases = await openDatabases({ log });
  try {
    const { finishDeadRuns } = await import('@/lib/server/runner/finish-dead-runs');
    // A run whose process died is ended before any command reads or starts runs, as the server does at start-up.
    await finishDeadRuns().catch((error: unknown) =>
      console.error(`[one-roof] ending dead runs failed: ${(error as Error).message}`),
    );
    if (command === 'status') await (await import('./commands/release-commands')).printStatus(values.json);
    if (command === 'apply') {
      const { apply } = await import('./commands/release-commands');
      // The bundle preparing just loaded and hashed: its SQL is the bytes of that digest, so it is not read again.
      const bundle = databases.bundle ?? undefined;
      await apply({ environment: values.env as string, tiers: tiers as number[], credentials, bundle });
    }
    if (command === 'reset-clone') {
      const { resetCloneCommand } = await import('./commands/release-commands');
      await resetCloneCommand({ credentials, bundle: databases.bundle ?? undefined });
    }
    if (command === 'rollback-structure') {
      const { rollbackStructureCommand } = await import('./commands/release-commands');
      await rollbackStructureCommand({ environment: values.env as string, credentials });
    }
    if (command === 'users') {
      const { runUserCommand } = await import('./commands/user-commands');
      await runUserCommand(rest[0], {
        ...values,
        readPassword: async () => (values['password-stdin'] ? readPasswordFromStdin() : undefined),
      });
    }
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
