import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTargetPool } from '@/lib/server/db/target-pool';
import { getReleaseStatus } from '@/lib/server/release/get-release-status';
import { applyTiers } from '@/lib/server/runner/apply-tiers';
import { ctx, ledgerOf, ratifyAs, type TestDatabases, useTestDatabases } from '../integration/harness';

const BOGUS_HOST = 'db-internal-7f3a.invalid';
const DRIVER_WORDS = ['ENOTFOUND', 'getaddrinfo', 'ECONNREFUSED', 'password authentication', 'svc_gate'];

/** Counts every checkout and query on a target's real pool, passing each through untouched. */
function countTargetUse(urls: string[]): { count: () => number } {
  let uses = 0;
  for (const url of urls) {
    const pool: pg.Pool = getTargetPool(url);
    const connect = pool.connect.bind(pool);
    const query = pool.query.bind(pool);
    pool.connect = ((...args: unknown[]) => {
      uses += 1;
      return (connect as (...a: unknown[]) => unknown)(...args);
    }) as typeof pool.connect;
    pool.query = ((...args: unknown[]) => {
      uses += 1;
      return (query as (...a: unknown[]) => unknown)(...args);
    }) as typeof pool.query;
  }
  return { count: () => uses };
}

/** What GET /api/status sends: the route serializes this document as it is (its handler needs a Next request scope). */
async function statusBody(): Promise<string> {
  return JSON.stringify(await getReleaseStatus());
}

async function auditSeq(db: TestDatabases): Promise<number> {
  return Number((await db.control.query('SELECT max(seq) AS seq FROM audit_events')).rows[0]?.seq ?? 0);
}

function hostsOf(urls: string[]): string[] {
  return urls.map((url) => new URL(url).hostname);
}

describe('GET /api/status leaks nothing and cannot starve the gate', () => {
  const db = useTestDatabases('auditstatus', {
    people: {
      operator: { role: 'operator', name: 'otto' },
      approver: { role: 'approver:L4', name: 'ada' },
      proposer: { role: 'approver:L4', name: 'pat' },
    },
    proposer: 'proposer',
  });
  const { operator, approver } = db.people;
  beforeAll(async () => {
    // A full rehearsal first, so that a ratification and a production apply can both succeed in the burst.
    await applyTiers({ environment: 'clone', tiers: [1, 2, 3, 4, 5, 6], actor: operator, context: ctx() });
  });

  it('names no person, no host and no driver error, even for an unreachable environment', async () => {
    process.env.STAGING_DATABASE_URL = `postgresql://svc_gate:s3cret@${BOGUS_HOST}:5432/release`;
    try {
      const text = await statusBody();
      const status = JSON.parse(text);
      const staging = status.environments.find((e: { name: string }) => e.name === 'staging');
      expect(staging).toMatchObject({ reachable: false, errorCode: 'TARGET_UNREACHABLE' });
      expect(status.environments.find((e: { name: string }) => e.name === 'clone').lastRun).toMatchObject({
        status: 'succeeded',
        actor: 'operator',
      });
      expect(text).not.toContain('@');
      for (const host of hostsOf([...Object.values(db.urls), process.env.STAGING_DATABASE_URL])) {
        expect(text).not.toContain(host);
      }
      for (const word of DRIVER_WORDS) expect(text).not.toContain(word);
    } finally {
      delete process.env.STAGING_DATABASE_URL;
    }
  });

  it('500 concurrent status reads share a bounded number of target reads while a ratify and an apply succeed', async () => {
    const use = countTargetUse([db.urls.clone, db.urls.production]);
    const seqBefore = await auditSeq(db);
    const started = Date.now();
    const requests = 500;
    const reads: Promise<string>[] = [];
    let writesDone = false;
    let readsAfterWrites = 0;
    const writes = (async () => {
      const ratified = await ratifyAs(approver);
      const applied = await applyTiers({
        environment: 'production',
        tiers: [1, 2],
        actor: operator,
        context: ctx(),
      });
      writesDone = true;
      return { ratified, applied };
    })();
    // The reads are spread so that they run before, during and after the writes.
    for (let n = 0; n < requests; n += 1) {
      reads.push(
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            if (writesDone) readsAfterWrites += 1;
            statusBody().then(resolve, reject);
          }, n * 5),
        ),
      );
    }
    const [{ ratified, applied }, bodies] = await Promise.all([writes, Promise.all(reads)]);
    expect(ratified).toBeTruthy();
    expect(applied.tiers.map((tier) => tier.status)).toEqual(['applied', 'applied']);
    expect((await ledgerOf(db.production)).map((entry) => entry.tier)).toEqual([1, 2]);

    const loads = new Set(bodies.map((body) => JSON.parse(body).generatedAt)).size;
    // Coalescing: far fewer reads of the targets than requests for them.
    // A new read only when the audit trail moved or the short sharing window (at least a second) ran out.
    const appended = (await auditSeq(db)) - seqBefore;
    expect(loads).toBeLessThanOrEqual(appended + Math.ceil((Date.now() - started) / 1000) + 1);
    expect(loads).toBeLessThan(requests);
    expect(use.count()).toBeLessThan(requests);
    // The last reads see the writes: sharing never hides a change the audit trail has recorded.
    if (readsAfterWrites > 0) {
      const last = JSON.parse(bodies.at(-1) ?? '{}');
      expect(last.proposal.gateOpen).toBe(true);
      expect(last.environments.find((e: { name: string }) => e.name === 'production').appliedTiers).toEqual([
        1, 2,
      ]);
    }
    for (const body of bodies) expect(body).not.toContain('@');
  });
});
