import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { newRequestContext } from '@/lib/server/auth/actor';
import { createPersonalToken } from '@/lib/server/auth/create-personal-token';
import { hasPermission, type Permission } from '@/lib/server/auth/permissions';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { createPerson, makeProposer, type Person, ratifyAs, rehearseClone } from '../integration/harness';
import { type RunningApp, signIn, startApp } from '../security/web-app-server';
import {
  type Case,
  caseArbitrary,
  describeRequest,
  type RoleName,
  roles,
  toRequest,
  type Wire,
} from './cases';
import type { RefName } from './hostile';
import { eventsAfter, type ProtectedState, readProtectedState } from './protected-state';
import { laneAgent, type Outcome, send } from './send';
import { type Failure, Tally } from './tally';
import { actions, catalogue } from './targets';

/**
 * Issue #8, "What must hold" 2: every JSON route, next-auth endpoint and
 * server action, as every role and signed out, with hostile input, against
 * the app as `npm start` serves it on real PostgreSQL. FUZZ_RUNS cases (3,000
 * by default) run in FUZZ_LANES lanes, each an fc.assert with its own seed;
 * FUZZ_SEED and FUZZ_PATH replay one reported case.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const LANES = Number(process.env.FUZZ_LANES ?? 4);
const SEED =
  process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const REPLAY_PATH = process.env.FUZZ_PATH;
/** Only targets whose name contains one of these (comma-separated); all by default. */
const ONLY = process.env.FUZZ_TARGETS?.split(',').filter(Boolean) ?? [];

let app: RunningApp;
let people: Record<Exclude<RoleName, 'signed-out'>, Person>;
let wire: Wire;
let before: ProtectedState;
const tally = new Tally();

function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName ?? id, id]));
}

beforeAll(async () => {
  const started = Date.now();
  app = await startApp({ label: 'fuzz' });
  const person = (name: string, role: Parameters<typeof createPerson>[1], level?: 'L1' | 'L2' | 'L4') =>
    createPerson(`fuzz-${name}-${randomUUID().slice(0, 6)}`, role, level);
  people = {
    viewer: await person('viewer', 'viewer'),
    operator: await person('operator', 'operator'),
    auditor: app.auditor,
    'approver-L1': await person('l1', 'approver', 'L1'),
    'approver-L2': await person('l2', 'approver', 'L2'),
    'approver-L4': await person('l4', 'approver', 'L4'),
    proposer: await person('proposer', 'approver', 'L4'),
    owner: await person('owner', 'owner'),
  };
  await makeProposer(people.proposer);
  // The gate closed for good: rehearsed, ratified, then revoked. No fuzzed request carries a password that could
  // ratify again, so any change to production's gap, ratifications or approval rows is a request doing what it may not.
  await rehearseClone({ operator: people.operator });
  const ratified = await ratifyAs(people['approver-L2']);
  await revokeRatification({
    actor: people['approver-L2'],
    context: newRequestContext(),
    ratificationId: ratified.ratificationId,
    reason: 'Closing the gate before the fuzz.',
  });
  const token = await createPersonalToken({
    actor: people.operator,
    context: newRequestContext(),
    name: 'fuzz',
    days: 1,
  });

  const cookies = new Map<RoleName, string>();
  const csrf = new Map<RoleName, string>();
  for (const role of roles) {
    const cookie =
      role === 'signed-out'
        ? (await fetch(`${app.origin}/api/auth/csrf`)).headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .join('; ')
        : await signIn(app, { email: people[role].email });
    if (!cookie) throw new Error(`${role} could not sign in:\n${app.output()}`);
    cookies.set(role, cookie);
    const answer = await fetch(`${app.origin}/api/auth/csrf`, { headers: { Cookie: cookie } });
    csrf.set(role, ((await answer.json()) as { csrfToken: string }).csrfToken);
  }
  const ids = actionIds();
  for (const action of actions)
    if (!ids.has(action.name)) throw new Error(`no server action ${action.name} in the build`);
  const first = async (sql: string) => String((await app.db.control.query(sql)).rows[0]?.id ?? randomUUID());
  const shared = {
    digest: app.db.bundle.digest,
    ratificationId: ratified.ratificationId,
    approvalRowId: ratified.approvalRowId ?? randomUUID(),
    runId: await first('SELECT id FROM runs ORDER BY started_at LIMIT 1'),
    tokenId: token.id,
    origin: app.origin,
  };
  wire = {
    origin: app.origin,
    cookieOf: (role) => cookies.get(role) ?? '',
    refs: (role) =>
      ({ ...shared, csrfToken: csrf.get(role) ?? '', actionId: '', otherActionId: '' }) as Record<
        RefName,
        string
      >,
    actionIdOf: (target) => {
      const own = ids.get(target.replace('ACTION ', '')) ?? '';
      const other = [...ids.values()].find((id) => id !== own) ?? '';
      return { own, other };
    },
  };
  before = await readProtectedState(app.db);
  console.log(`[fuzz] app, people and a closed gate ready in ${Math.round((Date.now() - started) / 1000)} s`);
}, 900_000);

afterAll(async () => {
  await app?.stop();
}, 60_000);

/** The server answers at all: after a timeout, tells a slow request from a server that has stopped. */
async function alive(): Promise<boolean> {
  const agent = laneAgent();
  const outcome = await send({
    origin: app.origin,
    agent,
    request: { method: 'GET', path: '/api/status', headers: {}, body: null },
  });
  agent.destroy();
  return outcome.kind === 'answered';
}

const isFailure = (outcome: Outcome) =>
  outcome.kind !== 'answered' || outcome.status >= 500 || outcome.status === 0;

/** One lane: an fc.assert over its own seed whose property sends the case and records what came back. */
async function runLane(options: { seed: number; numRuns: number; path?: string; strict: boolean }) {
  let agent = laneAgent();
  let index = options.path ? Number(options.path) : 0;
  const targets = catalogue({
    bundle: {
      collections: app.db.bundle.collections,
      kinds: app.db.bundle.kinds,
      authorities: app.db.bundle.manifest.authorities.map((authority: { code: string }) => authority.code),
    },
  }).filter((target) => ONLY.length === 0 || ONLY.some((name) => target.name.includes(name)));
  const property = fc.asyncProperty(caseArbitrary(targets), async (fuzzCase: Case) => {
    const path = String(index++);
    if (tally.serverStopped) {
      tally.skip(fuzzCase.target);
      return true;
    }
    const request = toRequest(fuzzCase, wire);
    let outcome = await send({ origin: app.origin, agent, request });
    if (outcome.kind === 'dropped') {
      // A keep-alive connection the server closed between requests is not an answer to this one: ask again once.
      agent.destroy();
      agent = laneAgent();
      outcome = await send({ origin: app.origin, agent, request });
    }
    if (outcome.kind === 'timeout') {
      agent.destroy();
      agent = laneAgent();
    }
    const failure: Failure | null = isFailure(outcome)
      ? {
          seed: options.seed,
          path,
          target: fuzzCase.target,
          role: fuzzCase.role,
          outcome: outcome.kind === 'answered' ? `status ${outcome.status}` : outcome.kind,
          request: describeRequest(request, fuzzCase.role),
          answer:
            outcome.kind === 'answered' ? outcome.excerpt : outcome.kind === 'dropped' ? outcome.error : '',
        }
      : null;
    tally.record(fuzzCase.target, outcome, failure, app.output);
    if (outcome.kind === 'timeout' && !(await alive())) tally.stop(failure);
    if (options.strict && failure)
      console.log(`[fuzz] ${failure.outcome}: ${failure.request}\n${failure.answer}`);
    return !(options.strict && failure);
  });
  try {
    await fc.assert(property, {
      seed: options.seed,
      numRuns: options.numRuns,
      ...(options.path ? { path: options.path, endOnFailure: true } : {}),
    });
  } finally {
    agent.destroy();
  }
}

/** fast-check's own report of one failing case, replayed (one more request) so its seed and path can be quoted. */
async function replayReport(failure: Failure): Promise<string> {
  try {
    await runLane({ seed: failure.seed, numRuns: 1, path: failure.path, strict: true });
    return `replaying seed ${failure.seed} path ${failure.path} answered below 500 this time`;
  } catch (error) {
    return (error as Error).message.split('\n').slice(0, 6).join('\n');
  }
}

describe('hostile input to every route and action, as every role (issue 8)', () => {
  it('reaches the actions: a well-formed call, encoded as the fuzz encodes them, does what it says', async () => {
    const count = async () =>
      Number(
        (
          await app.db.control.query(
            `SELECT count(*) AS n FROM audit_events WHERE kind = 'token.created' AND outcome = 'success'`,
          )
        ).rows[0]?.n,
      );
    const before = await count();
    const request = toRequest(
      {
        target: 'ACTION createPersonalTokenAction',
        role: 'viewer',
        method: 'POST',
        path: ['settings', 'tokens'],
        query: [],
        noise: '',
        headers: [
          ['Next-Action', { ref: 'actionId' }],
          ['Accept', 'text/x-component'],
        ],
        body: {
          kind: 'multipart',
          broken: false,
          fields: [
            ['_1_name', 'well-formed'],
            ['_1_days', '7'],
            ['0', '[{"ok":false,"message":""},"$K1"]'],
          ],
        },
        origin: 'self',
        cookie: 'session',
        forgedToken: '',
        contentType: null,
      },
      wire,
    );
    const agent = laneAgent();
    const outcome = await send({ origin: app.origin, agent, request });
    agent.destroy();
    expect(outcome).toMatchObject({ kind: 'answered', status: 200 });
    expect(await count(), JSON.stringify(outcome)).toBe(before + 1);
  });

  it('answers every case with a status below 500 within 10 s', async () => {
    if (REPLAY_PATH !== undefined) {
      await runLane({ seed: SEED, numRuns: 1, path: REPLAY_PATH, strict: true });
    } else {
      const perLane = Math.ceil(RUNS / LANES);
      const started = Date.now();
      console.log(`[fuzz] ${perLane * LANES} cases in ${LANES} lanes, seeds ${SEED}..${SEED + LANES - 1}`);
      await Promise.all(
        Array.from({ length: LANES }, (_, lane) =>
          runLane({ seed: SEED + lane, numRuns: perLane, strict: false }),
        ),
      );
      console.log(`[fuzz] ${tally.total()} cases in ${Math.round((Date.now() - started) / 1000)} s`);
    }
    const first = tally.failures[0];
    const report = first && !tally.serverStopped ? await replayReport(first) : '';
    const summary = tally.write({ seed: SEED, lanes: LANES, runs: RUNS, serverLog: app.output() });
    console.log(summary);
    expect(
      tally.failures.length,
      `${tally.failureReport()}\n${report}\nreplay one with FUZZ_SEED=<seed> FUZZ_PATH=<path> npm run test:fuzz\nserver log tail:\n${app.output()}`,
    ).toBe(0);
    expect(tally.total()).toBeGreaterThanOrEqual(REPLAY_PATH === undefined ? RUNS : 1);
  }, 3_600_000);

  it('changed nothing a request had no right to change', async () => {
    // Runs the fuzz started go on in the server; wait for them, so what they write is compared too.
    for (let i = 0; i < 60; i++) {
      const running = await app.db.control.query(`SELECT 1 FROM runs WHERE status = 'running'`);
      if (running.rowCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const after = await readProtectedState(app.db);
    expect(after.productionGap).toBe(before.productionGap);
    // Structure tiers may reach production under an owner's authorization, which the fuzz may give; seed tiers never.
    const added = after.productionTiers.filter((tier) => !before.productionTiers.includes(tier));
    const seeds = app.db.bundle.tiers.filter((tier) => tier.isSeed).map((tier) => tier.tier);
    expect(
      added.filter((tier) => seeds.includes(tier)),
      'seed tiers applied to production',
    ).toEqual([]);
    expect(before.productionTiers.every((tier) => after.productionTiers.includes(tier))).toBe(true);
    if (added.length > 0) {
      const authorizers = await app.db.control.query<{ id: string }>(
        'SELECT authorized_by_id AS id FROM structure_authorizations WHERE bundle_digest = $1',
        [app.db.bundle.digest],
      );
      const authorizer = Object.values(people).find((person) => person.id === authorizers.rows[0]?.id);
      expect(
        authorizer && hasPermission(authorizer, 'structure.authorize'),
        'structure tiers without an owner',
      ).toBe(true);
    }
    expect(after.ratifications).toBe(before.ratifications);
    expect(after.approvalRows).toBe(before.approvalRows);
    for (const [seq, hash] of before.chain) expect(after.chain.get(seq), `event ${seq}`).toBe(hash);

    const lastBefore = BigInt(before.chain.size === 0 ? 0 : ([...before.chain.keys()].at(-1) ?? 0));
    const appended = await eventsAfter(app.db.control, lastBefore);
    const byId = new Map(Object.values(people).map((p) => [p.id, p]));
    // A success or failure the fuzz caused must be one its actor holds the permission for; a refusal is always fine.
    const needs: Record<string, Permission | 'signed-in'> = {
      'run.started': 'tier.apply',
      'tier.applying': 'tier.apply',
      'tier.applied': 'tier.apply',
      'tier.skipped': 'tier.apply',
      'tier.reconciled': 'tier.apply',
      'run.finished': 'tier.apply',
      'structure.authorize': 'structure.authorize',
      'audit.exported': 'audit.export',
      'audit.verified': 'audit.read',
      'token.created': 'signed-in',
      'token.revoked': 'signed-in',
    };
    const unexplained = appended.filter((event) => {
      if (event.outcome === 'refused') return false;
      const need = needs[event.kind];
      const actor = event.actor_id ? byId.get(event.actor_id) : undefined;
      if (!need || !actor) return true;
      return need !== 'signed-in' && !hasPermission(actor, need);
    });
    expect(unexplained, 'events no fuzzed request had the right to cause').toEqual([]);

    const chain = await verifyAuditChain({ actor: people.auditor, context: newRequestContext() });
    expect(chain.intact, JSON.stringify(chain.firstBroken)).toBe(true);
  }, 600_000);
});
