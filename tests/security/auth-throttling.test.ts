import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { createPerson, ctx, PASSWORD, ratifyAs, useTestDatabases } from '../integration/harness';

// Counts real argon2 verifications: the wrapper calls the library itself.
const argon = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifications += 1;
      return real.verify(...args);
    },
  };
});

const PAIR_LIMIT = 5;
const SOURCE_LIMIT = 50;
const ACCOUNT_LIMIT = 100;

const signIn = (email: string, password: string, ip: string) =>
  signInWithPassword({ email, password, context: ctx({ ip }) });
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'OK', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );

describe('auth: throttling without lockout abuse or enumeration', () => {
  useTestDatabases('throttle');
  beforeEach(() => {
    argon.verifications = 0;
  });

  it('matches the limits the code enforces', async () => {
    const limits = await import('@/lib/server/auth/sign-in-limits');
    expect([limits.PAIR_LIMIT, limits.SOURCE_LIMIT, limits.ACCOUNT_LIMIT]).toEqual([
      PAIR_LIMIT,
      SOURCE_LIMIT,
      ACCOUNT_LIMIT,
    ]);
  });

  it('gives a parallel burst of 50 wrong passwords at most the allowed number of verifications', async () => {
    const victim = await createPerson('burst', 'viewer');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => outcome(signIn(victim.email, `wrong-${i}`, '203.0.113.7'))),
    );
    expect(results.every((r) => r.code === 'WRONG_PASSWORD' || r.code === 'ACCOUNT_LOCKED')).toBe(true);
    expect(argon.verifications).toBeLessThanOrEqual(PAIR_LIMIT);
    // The attacker's source is refused even with the right password ...
    expect((await outcome(signIn(victim.email, PASSWORD, '203.0.113.7'))).code).toBe('ACCOUNT_LOCKED');
    // ... while the person, from their own address, still signs in.
    await expect(signIn(victim.email, PASSWORD, '198.51.100.20')).resolves.toMatchObject({ id: victim.id });
  });

  it('counts step-up password attempts in ratify toward the same limit', async () => {
    const approver = await createPerson('stepper', 'approver', 'L4');
    for (let i = 0; i < PAIR_LIMIT; i += 1) {
      await expect(
        ratifyAs(approver, { password: `guess-${i}`, context: ctx({ ip: '203.0.113.9' }) }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(WRONG_PASSWORD|ACCOUNT_LOCKED)$/) });
    }
    expect((await outcome(signIn(approver.email, PASSWORD, '203.0.113.9'))).code).toBe('ACCOUNT_LOCKED');
    await expect(ratifyAs(approver, { context: ctx({ ip: '203.0.113.9' }) })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
  });

  it('refuses a password spray from one source after the source limit, without verifying', async () => {
    for (let i = 0; i < SOURCE_LIMIT; i += 1) {
      await outcome(signIn(`spray-${i}@test.local`, 'Winter2026!', '192.0.2.50'));
    }
    expect(argon.verifications).toBe(SOURCE_LIMIT);
    expect((await outcome(signIn('spray-last@test.local', 'Winter2026!', '192.0.2.50'))).code).toBe(
      'ACCOUNT_LOCKED',
    );
    expect(argon.verifications).toBe(SOURCE_LIMIT);
  });

  it('locks an account against a distributed attack only, and audits the lock', async () => {
    const victim = await createPerson('distributed', 'viewer');
    for (let i = 0; i < ACCOUNT_LIMIT; i += 1) {
      await outcome(
        signIn(victim.email, `wrong-${i}`, `10.9.${Math.floor(i / PAIR_LIMIT)}.${i % PAIR_LIMIT}`),
      );
    }
    expect((await outcome(signIn(victim.email, PASSWORD, '10.99.0.1'))).code).toBe('ACCOUNT_LOCKED');
    expect(
      await getControlPlane().auditEvent.count({ where: { kind: 'auth.locked', actorId: victim.id } }),
    ).toBe(1);
  });

  it('does not tell an unknown email from a known one by code or message', async () => {
    const known = await createPerson('known', 'viewer');
    const unknown = 'nobody-here@test.local';
    for (let i = 0; i <= PAIR_LIMIT; i += 1) {
      const a = await outcome(signIn(known.email, 'not-it', '198.18.0.1'));
      const b = await outcome(signIn(unknown, 'not-it', '198.18.0.2'));
      expect(b).toEqual(a);
    }
  });

  it('does not tell an unknown email from a known one by time (medians, generous margin)', async () => {
    const known = await createPerson('timed', 'viewer');
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await outcome(signIn(email, 'not-it', ip));
      return performance.now() - started;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      knownTimes.push(await time(known.email, `198.19.1.${i}`));
      unknownTimes.push(await time('never-registered@test.local', `198.19.2.${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    const [k, u] = [median(knownTimes), median(unknownTimes)];
    expect(Math.abs(k - u)).toBeLessThan(Math.max(k, u) * 0.5);
    expect(argon.verifications).toBe(18);
  });

  it('caps fields before any lookup or verification', async () => {
    const longEmail = `${'a'.repeat(250)}@test.local`;
    expect((await outcome(signIn(longEmail, 'x', '192.0.2.99'))).code).toBe('INVALID_INPUT');
    expect((await outcome(signIn('cap@test.local', 'x'.repeat(1025), '192.0.2.99'))).code).toBe(
      'INVALID_INPUT',
    );
    expect(argon.verifications).toBe(0);
  });
});
