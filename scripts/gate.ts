import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { EnvError } from '@/lib/env';
import { isDomainError } from '@/lib/errors';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { resetClone } from '@/lib/server/runner/reset-clone';
import { rollbackStructure } from '@/lib/server/runner/rollback-structure';
import { parseTierRange } from '@/lib/tier-range';
import { openDatabases } from './lib/open-databases';

const USAGE = `Usage: npm run gate -- <command> [options]

  status [--json]                      gap, tiers and gate per environment
  apply --env <name> --tiers <range>   apply tiers (e.g. 1-6, 3, 1,2) to an environment
  reset-clone                          make the clone equal to production again
  rollback-structure --env <name>      drop tiers 1-2 while no seed tier is applied
  digest                               print the bundle digest (for psql -v bundle_digest=)

Exit codes: 0 done, 1 refused (the reason is printed), 2 usage, 3 unexpected error.`;

class UsageError extends Error {}

const actor = `cli:${userInfo().username}`;
const log = (line: string) => console.error(`[one-roof] ${line}`);

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      tiers: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!command && !values.help) throw new UsageError('name a command');
    return;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);

  if (command === 'digest') {
    console.log((await loadBundle()).digest);
    return;
  }
  const known = ['status', 'apply', 'reset-clone', 'rollback-structure'];
  if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
  const needsEnv = command === 'apply' || command === 'rollback-structure';
  if (needsEnv && !values.env) throw new UsageError(`${command} needs --env <name>`);
  const tiers = command === 'apply' ? parseTierRange(values.tiers ?? '') : null;
  if (command === 'apply' && !tiers) throw new UsageError('apply needs --tiers like 1-6, 3 or 1,2');

  const databases = await openDatabases({ log });
  try {
    if (command === 'status') await printStatus(values.json);
    if (command === 'apply') await apply(values.env as string, tiers as number[]);
    if (command === 'reset-clone') {
      const result = await resetClone({ actor });
      console.log(
        `clone reset from production (run ${result.runId}); replayed tiers: ${result.replayedTiers.join(', ') || 'none'}`,
      );
    }
    if (command === 'rollback-structure') {
      const result = await rollbackStructure({ environment: values.env as string, actor });
      console.log(
        result.droppedTiers.length > 0
          ? `rolled back tiers ${result.droppedTiers.join(', ')} on ${values.env} (run ${result.runId})`
          : `nothing to roll back: no tier is applied on ${values.env}`,
      );
    }
  } finally {
    await databases.close();
  }
}

async function printStatus(json: boolean): Promise<void> {
  const status = await getReleaseStatus();
  if (json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  const { proposal } = status;
  console.log(`bundle     ${status.bundle.name} @ ${status.bundle.digest}`);
  console.log(
    `gate       ${proposal.gateOpen ? 'OPEN' : 'CLOSED'}: ${proposal.code} ${proposal.ratifications} of ${proposal.quorum} ratification(s)`,
  );
  if (proposal.blocker) console.log(`blocker    ${proposal.blocker}`);
  for (const environment of status.environments) {
    const tiers = environment.appliedTiers.length > 0 ? environment.appliedTiers.join(',') : 'none';
    console.log(
      environment.reachable
        ? `${environment.name.padEnd(10)} gap ${String(environment.gap).padStart(3)}   tiers applied: ${tiers}`
        : `${environment.name.padEnd(10)} unreachable: ${environment.error}`,
    );
  }
}

async function apply(environment: string, tiers: number[]): Promise<void> {
  const result = await applyTiers({
    environment,
    tiers,
    actor,
    onProgress: (event) => {
      if (event.type !== 'tier-finished') return;
      const { outcome } = event;
      console.log(
        outcome.status === 'applied'
          ? `tier ${outcome.tier}: applied in ${outcome.durationMs} ms, ${outcome.statements} statements, ${outcome.rowsAffected} rows, gap ${outcome.gapBefore} → ${outcome.gapAfter}`
          : `tier ${outcome.tier}: skipped (${outcome.reason})`,
      );
    },
  });
  const applied = result.tiers.filter((outcome) => outcome.status === 'applied');
  console.log(
    applied.length === 0
      ? `nothing to apply: tiers ${tiers.join(', ')} are already on ${environment} at digest ${result.digest.slice(0, 12)}`
      : `run ${result.runId}: applied tier ${applied.map((o) => o.tier).join(', ')} to ${environment}`,
  );
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (isDomainError(error)) {
      console.error(`refused: ${error.code}: ${error.message}`);
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
