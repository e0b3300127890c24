import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { appendAuditEvent } from '@/lib/server/audit/append-audit-event';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { verifyPassword } from '@/lib/server/auth/hash-password';
import {
  ACCOUNT_LIMIT,
  AUDITED_PER_SOURCE,
  PAIR_LIMIT,
  SOURCE_LIMIT,
  throttleKeys,
  WINDOW_MS,
  windowEnd,
  windowOf,
} from '@/lib/server/auth/sign-in-limits';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type PasswordAccount = {
  id: string;
  email: string;
  passwordHash: string | null;
  disabledAt: Date | null;
  roles: Actor['roles'];
};

type Tx = Prisma.TransactionClient;
const LONG = { maxWait: 60_000, timeout: 60_000 };

async function bump(tx: Tx, key: string, window: bigint, column: 'attempts' | 'failures', by = 1) {
  // One statement, so concurrent guesses serialize on the row and each sees its own count.
  const rows =
    column === 'attempts'
      ? await tx.$queryRaw<{ n: number }[]>`
          INSERT INTO sign_in_throttles AS t (key, "window", attempts) VALUES (${key}, ${window}, ${by})
          ON CONFLICT (key, "window") DO UPDATE SET attempts = t.attempts + ${by} RETURNING attempts AS n`
      : await tx.$queryRaw<{ n: number }[]>`
          INSERT INTO sign_in_throttles AS t (key, "window", failures) VALUES (${key}, ${window}, 1)
          ON CONFLICT (key, "window") DO UPDATE SET failures = t.failures + 1 RETURNING failures AS n`;
  return rows[0]?.n ?? 0;
}

/** Closed windows are dropped; a source that failed more often than was audited one by one gets its summary now. */
async function flushClosedWindows(tx: Tx, window: bigint, context: RequestContext) {
  const closed = await tx.$queryRaw<{ key: string; window: bigint; failures: number }[]>`
    DELETE FROM sign_in_throttles WHERE "window" < ${window} RETURNING key, "window", failures`;
  for (const row of closed) {
    if (!row.key.startsWith('source:') || row.failures <= AUDITED_PER_SOURCE) continue;
    const source = row.key.slice('source:'.length);
    await appendAuditEvent(tx, {
      kind: 'auth.sign_in_failures_summarized',
      data: {
        source,
        windowStart: new Date(Number(row.window) * WINDOW_MS).toISOString(),
        windowEnd: windowEnd(row.window).toISOString(),
        failures: row.failures,
        unaudited: row.failures - AUDITED_PER_SOURCE,
      },
      actor: { id: null, label: 'system', roles: [] },
      context: { requestId: context.requestId, ip: source === 'unknown' ? null : source },
      target: `source:${source}`,
      outcome: 'refused',
      reason: `${row.failures} failed sign-ins from ${source} in one window`,
    });
  }
}

/**
 * Decides whether this guess may be verified, in its own short transaction
 * that commits before argon2 runs, so the row locks on the source and account
 * counts are held for one statement each, not for a password check, and
 * checks of different accounts from one address run side by side. All three
 * counts are taken up front and only given back by a right password: a check
 * that dies before it settles has used its attempt (fails closed). The pair
 * reservation is one conditional statement, so a parallel burst at one
 * account from one source gets exactly PAIR_LIMIT verifications; its
 * `attempts` column counts the reservations not yet settled.
 */
async function reserve(tx: Tx, email: string, context: RequestContext, window: bigint, actor: Actor) {
  const keys = throttleKeys(email, context.ip);
  const rows = await tx.$queryRaw<{ n: number }[]>`
    INSERT INTO sign_in_throttles AS t (key, "window", failures, attempts) VALUES (${keys.pair}, ${window}, 1, 1)
    ON CONFLICT (key, "window") DO UPDATE SET failures = t.failures + 1, attempts = t.attempts + 1
    WHERE t.failures < ${PAIR_LIMIT} RETURNING failures AS n`;
  // A source already refused for this account adds nothing to the account's count.
  const pair = rows[0]?.n;
  if (pair === undefined) return { refusedBy: 'pair', pair: PAIR_LIMIT };
  if ((await bump(tx, keys.source, window, 'attempts')) > SOURCE_LIMIT) return { refusedBy: 'source', pair };
  const account = await bump(tx, keys.account, window, 'attempts');
  if (account === ACCOUNT_LIMIT + 1) {
    const until = windowEnd(window);
    if (actor.id) await tx.user.update({ where: { id: actor.id }, data: { lockedUntil: until } });
    await appendAuditEvent(tx, {
      kind: 'auth.locked',
      data: { until: until.toISOString(), failures: ACCOUNT_LIMIT },
      actor,
      context,
      target: `user:${email}`,
      outcome: 'success',
      reason: `${ACCOUNT_LIMIT} sign-in attempts from all sources within 15 minutes`,
    });
  }
  if (account > ACCOUNT_LIMIT) return { refusedBy: 'account', pair };
  return { refusedBy: null, pair };
}

async function recordFailure(
  tx: Tx,
  options: { email: string; why: string; actor: Actor; context: RequestContext; audit: boolean },
  window: bigint,
) {
  const failures = await bump(tx, throttleKeys(options.email, options.context.ip).source, window, 'failures');
  if (!options.audit || failures > AUDITED_PER_SOURCE) return;
  await appendAuditEvent(tx, {
    kind: 'auth.sign_in_failed',
    data: { email: options.email, why: options.why },
    actor: options.actor,
    context: options.context,
    target: `user:${options.email}`,
    outcome: 'refused',
    reason: options.why,
  });
}

/**
 * The one place a password is checked, for sign-in and for the ratify step-up
 * alike: throttled per account+source, per source and per account, exactly
 * one argon2 verification whether or not the account exists or has a
 * password, and the same refusal for an unknown email as for a wrong password.
 */
export async function checkPasswordAttempt(options: {
  email: string;
  password: string;
  account: PasswordAccount | null;
  context: RequestContext;
  purpose: 'sign-in' | 'step-up';
}): Promise<void> {
  const { email, account, context } = options;
  const controlPlane = getControlPlane();
  const window = windowOf(new Date());
  const actor: Actor = account
    ? { id: account.id, label: account.email, roles: account.roles }
    : { id: null, label: email, roles: [] };
  const audit = options.purpose === 'sign-in';
  const until = windowEnd(window).toISOString();
  const locked = (guesses: string) =>
    new DomainError('ACCOUNT_LOCKED', `Too many ${guesses}: try again after ${until}.`);

  const keys = throttleKeys(email, context.ip);
  await controlPlane.$transaction((tx) => flushClosedWindows(tx, window, context), LONG);
  const reservation = await controlPlane.$transaction(async (tx) => {
    const taken = await reserve(tx, email, context, window, actor);
    if (taken.refusedBy) {
      const why = `throttled (${taken.refusedBy})`;
      await recordFailure(tx, { email, actor, context, audit, why }, window);
    }
    return taken;
  }, LONG);
  if (reservation.refusedBy) throw locked('failed sign-ins');
  const outcome = await controlPlane.$transaction(async (tx) => {
    // Guesses at one account from one source take turns: only this lock is held while argon2 runs.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${keys.pair}, 0))`;
    const matches = await verifyPassword(options.password, account?.passwordHash ?? null);
    if (account && matches && !account.disabledAt) {
      // A right password gives its reservation back and clears this source's settled mistakes on this account.
      await tx.$executeRaw`
        UPDATE sign_in_throttles SET failures = attempts - 1, attempts = attempts - 1
        WHERE key = ${keys.pair} AND "window" = ${window}`;
      await tx.$executeRaw`
        UPDATE sign_in_throttles SET attempts = greatest(attempts - 1, 0)
        WHERE "window" = ${window} AND key IN (${keys.source}, ${keys.account})`;
      return 'ok';
    }
    const why = !account ? 'unknown email' : account.disabledAt ? 'disabled' : 'wrong password';
    // The reserved failure stays counted; it is no longer in flight.
    await tx.$executeRaw`
      UPDATE sign_in_throttles SET attempts = greatest(attempts - 1, 0)
      WHERE key = ${keys.pair} AND "window" = ${window}`;
    await recordFailure(tx, { email, actor, context, audit, why }, window);
    return reservation.pair >= PAIR_LIMIT ? 'locked' : 'wrong';
  }, LONG);
  if (outcome === 'ok') return;
  if (outcome === 'locked') throw locked('failed sign-ins');
  throw new DomainError(
    'WRONG_PASSWORD',
    options.purpose === 'sign-in'
      ? 'The email or password is wrong.'
      : 'The password you re-entered did not match, so nothing was ratified.',
  );
}
