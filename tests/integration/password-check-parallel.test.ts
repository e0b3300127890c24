import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PAIR_LIMIT } from '@/lib/server/auth/sign-in-limits';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { createPerson, ctx, PASSWORD, useTestDatabases } from './harness';

// Each verification waits (at most a hang guard) until `expected` verifications are in progress at once,
// so a check that runs only after another's transaction ends is seen as "never overlapped".
const argon = vi.hoisted(() => ({
  expected: 1,
  running: 0,
  peak: 0,
  crash: null as null | (() => Promise<unknown>),
  calls: 0,
  waiters: [] as (() => void)[],
}));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      await argon.crash?.();
      argon.calls += 1;
      argon.running += 1;
      argon.peak = Math.max(argon.peak, argon.running);
      if (argon.running >= argon.expected) for (const wake of argon.waiters.splice(0)) wake();
      else
        await new Promise<void>((resolve) => {
          argon.waiters.push(resolve);
          setTimeout(resolve, 5_000);
        });
      try {
        return await real.verify(...args);
      } finally {
        argon.running -= 1;
      }
    },
  };
});

const signIn = (email: string, password: string, ip: string) =>
  signInWithPassword({ email, password, context: ctx({ ip }) });

describe('password checks: parallel across accounts, in turn per account and source', () => {
  const db = useTestDatabases('pwparallel');
  beforeEach(() => {
    Object.assign(argon, { expected: 1, running: 0, peak: 0, crash: null, calls: 0 });
  });

  it('verifies two different accounts from one source at the same time', async () => {
    const [a, b] = [
      await createPerson('nat-a', 'approver', 'L4'),
      await createPerson('nat-b', 'approver', 'L4'),
    ];
    argon.expected = 2;
    const results = await Promise.all([
      signIn(a.email, PASSWORD, '198.51.100.77'),
      signIn(b.email, PASSWORD, '198.51.100.77'),
    ]);
    expect(results.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(argon.peak).toBe(2);
  }, 30_000);

  it('still verifies guesses at one account from one source one at a time, and exactly PAIR_LIMIT of them', async () => {
    const victim = await createPerson('nat-pair', 'viewer');
    argon.expected = 2;
    const outcomes = await Promise.all(
      Array.from({ length: PAIR_LIMIT + 3 }, (_, i) =>
        signIn(victim.email, `wrong-${i}`, '198.51.100.78').then(
          () => 'OK',
          (error: { code: string }) => error.code,
        ),
      ),
    );
    expect(outcomes.every((code) => code === 'WRONG_PASSWORD' || code === 'ACCOUNT_LOCKED')).toBe(true);
    expect(argon.peak).toBe(1);
    expect(argon.calls).toBe(PAIR_LIMIT);
    expect((await signIn(victim.email, PASSWORD, '198.51.100.78').catch((e) => e.code)) as string).toBe(
      'ACCOUNT_LOCKED',
    );
  }, 60_000);

  it('counts a check that never settles (its session died mid-check) as a used attempt', async () => {
    const person = await createPerson('nat-crash', 'viewer');
    // The session checking the password dies mid-check: whatever it had not committed is gone.
    argon.crash = () =>
      db.control.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`,
      );
    for (let i = 0; i < PAIR_LIMIT; i += 1) {
      await expect(signIn(person.email, PASSWORD, '198.51.100.79')).rejects.toBeDefined();
    }
    argon.crash = null;
    await expect(signIn(person.email, PASSWORD, '198.51.100.79')).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    await expect(signIn(person.email, PASSWORD, '198.51.100.80')).resolves.toMatchObject({ id: person.id });
  }, 30_000);
});
