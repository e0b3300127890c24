import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAction, type RunningApp, signIn, startApp } from '../security/web-app-server';
import { createPerson, makeProposer, PASSWORD, rehearseClone } from './harness';

/**
 * Issue #9, scale beyond one machine: two app instances (real `next start`,
 * different ports) share one control plane, as instances behind one load
 * balancer do. What one instance records, the other acts on at once.
 */
let a: RunningApp;
let b: RunningApp;

beforeAll(async () => {
  a = await startApp({ label: 'shared' });
  b = await startApp({ label: 'shared-b', sharing: a });
}, 600_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
}, 60_000);

async function ratificationsOn(app: RunningApp): Promise<number> {
  const response = await fetch(`${app.origin}/api/status`, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { proposal: { ratifications: number } }).proposal.ratifications;
}

describe('two instances share one control plane', () => {
  it('a ratification made on A is counted by B on its very next status read', async () => {
    await rehearseClone();
    await makeProposer(await createPerson('shared-proposer', 'owner'));
    const approver = await createPerson('shared-approver', 'approver', 'L2');
    expect(await ratificationsOn(b)).toBe(0);
    const cookie = await signIn(a, { email: approver.email });
    if (!cookie) throw new Error(`the approver could not sign in on A:\n${a.output()}`);
    const answer = await callAction(a, {
      cookie,
      action: 'ratifyProposalAction',
      page: '/proposals/APR-BOOT-AUTHMODEL-1',
      fields: {
        typedCode: 'APR-BOOT-AUTHMODEL-1',
        password: PASSWORD,
        digest: a.db.bundle.digest,
        requestId: randomUUID(),
      },
    });
    expect(answer).toContain('Ratified');
    expect(await ratificationsOn(b)).toBe(1);
    expect(await ratificationsOn(a)).toBe(1);
  });

  it('failed sign-ins on A and on B add up to one throttle, which locks the account on both', async () => {
    const person = await createPerson('shared-target', 'viewer');
    const bystander = await createPerson('shared-bystander', 'viewer');
    for (const app of [a, a, a, b, b]) {
      expect(await signIn(app, { email: person.email, password: 'not the password' })).toBeNull();
    }
    // The right password no longer signs in, on either instance; another account is untouched.
    expect(await signIn(b, { email: person.email })).toBeNull();
    expect(await signIn(a, { email: person.email })).toBeNull();
    expect(await signIn(b, { email: bystander.email })).not.toBeNull();
  });
});
