import { describe, expect, it } from 'vitest';
import { cliAdministrator } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { revokeRole } from '@/lib/server/users/revoke-role';
import { setUserDisabled } from '@/lib/server/users/set-user-disabled';
import { createPerson, ctx, PASSWORD, useTestDatabases } from './harness';

describe('people: sign-in, lockout, disabling and roles', () => {
  useTestDatabases('people');
  const admin = cliAdministrator('test');

  it('signs in with the right password and audits it', async () => {
    const person = await createPerson('sam', 'viewer');
    await expect(
      signInWithPassword({ email: 'SAM@test.local', password: PASSWORD, context: ctx() }),
    ).resolves.toMatchObject({
      id: person.id,
    });
    expect(
      await getControlPlane().auditEvent.count({ where: { kind: 'auth.signed_in', actorId: person.id } }),
    ).toBe(1);
  });

  it('refuses a sixth guess from the same source within fifteen minutes, auditing each failure', async () => {
    const person = await createPerson('lee', 'approver', 'L2');
    for (let i = 0; i < 4; i += 1) {
      await expect(
        signInWithPassword({ email: person.email, password: 'wrong', context: ctx() }),
      ).rejects.toMatchObject({
        code: 'WRONG_PASSWORD',
      });
    }
    await expect(
      signInWithPassword({ email: person.email, password: 'wrong', context: ctx() }),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    await expect(
      signInWithPassword({ email: person.email, password: PASSWORD, context: ctx() }),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const events = await getControlPlane().auditEvent.findMany({
      where: { actorId: person.id },
      orderBy: { seq: 'asc' },
    });
    expect(events.filter((e) => e.kind === 'auth.sign_in_failed')).toHaveLength(6);
  });

  it('refuses a user disabled in the middle of a session on the next request, and a revoked role at once', async () => {
    const person = await createPerson('dee', 'approver', 'L4');
    expect(await loadActor({ userId: person.id })).toMatchObject({ label: person.email });
    await setUserDisabled({ actor: admin, context: ctx(), email: person.email, disabled: true });
    expect(await loadActor({ userId: person.id })).toBeNull();
    await expect(
      signInWithPassword({ email: person.email, password: PASSWORD, context: ctx() }),
    ).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    await setUserDisabled({ actor: admin, context: ctx(), email: person.email, disabled: false });
    await revokeRole({ actor: admin, context: ctx(), email: person.email, role: 'approver' });
    expect((await loadActor({ userId: person.id }))?.roles).toEqual([]);
  });

  it('lets only the administrator manage users', async () => {
    const viewer = await createPerson('val', 'viewer');
    await expect(
      setUserDisabled({ actor: viewer, context: ctx(), email: 'sam@test.local', disabled: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await getControlPlane().auditEvent.findFirst({
      where: { kind: 'access.denied', actorId: viewer.id },
    });
    expect(denied?.data).toEqual({ permission: 'users.manage' });
  });
});
