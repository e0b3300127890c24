import { describe, expect, it } from 'vitest';
import { cliAdministrator } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';
import { ctx, ratifyAs, useTestDatabases } from '../integration/harness';

// The string hash-password.ts hashed as its dummy before the fix: the obvious first guess.
const guesses = ['no account has this password', '', ' ', 'password', 'correct horse battery staple'];

describe('auth: an account without a password is never entered with one', () => {
  const db = useTestDatabases('nopw');
  const admin = cliAdministrator('test');

  it('refuses every password for a user added without --password-stdin', async () => {
    await createUser({ actor: admin, context: ctx(), email: 'ssoonly@test.local', name: 'SSO only' });
    for (const [i, password] of guesses.entries()) {
      await expect(
        signInWithPassword({ email: 'ssoonly@test.local', password, context: ctx({ ip: `10.0.0.${i}` }) }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/^(WRONG_PASSWORD|INVALID_INPUT)$/) });
    }
  });

  it('refuses the ratify step-up for an approver without a password, whatever is typed', async () => {
    const user = await createUser({
      actor: admin,
      context: ctx(),
      email: 'ssoapprover@test.local',
      name: 'SSO L4',
    });
    await grantRole({
      actor: admin,
      context: ctx(),
      email: 'ssoapprover@test.local',
      role: 'approver',
      level: 'L4',
    });
    const actor = await loadActor({ userId: user.id });
    if (!actor) throw new Error('no actor');
    for (const password of guesses.filter(Boolean)) {
      await expect(ratifyAs(actor, { password })).rejects.toMatchObject({
        code: expect.stringMatching(/^(WRONG_PASSWORD|STEP_UP_REQUIRED)$/),
      });
    }
    expect(await db.production.query('SELECT 1 FROM public.os_proposal_approvals')).toMatchObject({
      rowCount: 0,
    });
  });
});
