// 200 racing ratify requests from 20 approvers (five replays of one dialog and five separate
// requests each), through the domain function the server action calls, in this process, on fresh
// copies after a clone rehearsal. Prints each request's latency from the common start, and the
// rows each side ends with. Runs in its own process, as prepare-template does, for its env.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { newRequestContext } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { loadBundle } from '@/lib/server/bundle/load-bundle';
import { disconnectControlPlanes, getControlPlane } from '@/lib/server/db/control-plane';
import { closeTargetPools } from '@/lib/server/db/target-pool';
import { ratifyProposal } from '@/lib/server/ratification/ratify-proposal';
import { applyTiers } from '@/lib/server/runner/apply-tiers';

const password = process.env.BENCH_PASSWORD as string;

async function actorOf(email: string) {
  const user = await getControlPlane().user.findUniqueOrThrow({ where: { email } });
  const actor = await loadActor({ userId: user.id });
  if (!actor) throw new Error(`could not load ${email}`);
  return actor;
}

const bundle = await loadBundle();
await applyTiers({
  environment: 'clone',
  tiers: bundle.tiers.map((tier) => tier.tier),
  actor: await actorOf(process.env.BENCH_OPERATOR as string),
  context: newRequestContext(),
  bundle,
});
const approvers = await Promise.all(
  Array.from({ length: 20 }, (_, i) => actorOf(`bench-approver-${i}@bench.local`)),
);
const requests = approvers.flatMap((actor) => {
  const dialog = randomUUID();
  return Array.from({ length: 10 }, (_, n) => ({ actor, requestId: n < 5 ? dialog : randomUUID() }));
});
const started = performance.now();
const outcomes = await Promise.all(
  requests.map(({ actor, requestId }) =>
    ratifyProposal({
      actor,
      context: newRequestContext(),
      typedCode: bundle.manifest.proposal.code,
      password,
      digest: bundle.digest,
      requestId,
      bundle,
    }).then(
      () => ({ ms: performance.now() - started, failed: false }),
      (error: { code?: string; message?: string }) => {
        // Only the refusal of a second ratification is an expected outcome of the race; any other
        // error (a pool or transaction timeout under load) is counted as a failed request.
        if (error.code === 'ALREADY_RATIFIED') return { ms: performance.now() - started, failed: false };
        console.error(`[ratify race] a request failed: ${error.code ?? ''} ${error.message ?? error}`);
        return { ms: performance.now() - started, failed: true };
      },
    ),
  ),
);
const production = new pg.Client({ connectionString: process.env.PRODUCTION_DATABASE_URL });
await production.connect();
const productionRows = Number(
  (await production.query('SELECT count(*) AS n FROM public.os_proposal_approvals WHERE NOT rehearsal'))
    .rows[0]?.n,
);
await production.end();
const ratifications = await getControlPlane().ratification.count();
await closeTargetPools();
await disconnectControlPlanes();
const failed = outcomes.filter((o) => o.failed).length;
console.log(JSON.stringify({ latencies: outcomes.map((o) => o.ms), failed, ratifications, productionRows }));
