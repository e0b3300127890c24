import { describe, expect, it } from 'vitest';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { beginPasskeyRegistration } from '@/lib/server/passkeys/begin-passkey-registration';
import { beginPasskeyRemoval } from '@/lib/server/passkeys/begin-passkey-removal';
import { finishPasskeyRegistration } from '@/lib/server/passkeys/finish-passkey-registration';
import { listPasskeys } from '@/lib/server/passkeys/list-passkeys';
import { RP_NAME } from '@/lib/server/passkeys/relying-party';
import { removePasskey } from '@/lib/server/passkeys/remove-passkey';
import { renamePasskey } from '@/lib/server/passkeys/rename-passkey';
import { createSoftAuthenticator, type SoftAuthenticator } from '@/tests/fixtures/soft-authenticator';
import { createPerson, ctx, PASSWORD, type Person, useTestDatabases } from './harness';

const relyingParty = { rpId: 'localhost', rpName: RP_NAME, origin: 'http://localhost:3103' };

async function startRegistration(person: Person, authenticator: SoftAuthenticator) {
  const start = await beginPasskeyRegistration({ actor: person, context: ctx(), relyingParty });
  const response = authenticator.register({ options: start.options, origin: relyingParty.origin });
  return { start, response };
}

/** Registers a passkey as the settings page does: the person's password as the step-up. */
async function register(person: Person, authenticator: SoftAuthenticator, name = 'laptop') {
  const { response } = await startRegistration(person, authenticator);
  return finishPasskeyRegistration({
    actor: person,
    context: ctx(),
    name,
    response,
    password: PASSWORD,
    relyingParty,
  });
}

const auditEvents = (kind: string, actorId: string) =>
  getControlPlane().auditEvent.findMany({ where: { kind, actorId }, orderBy: { seq: 'asc' } });

describe('passkey registration and management', () => {
  const db = useTestDatabases('passkeys');

  it('registers a passkey after a password step-up, with its audit event in the same transaction', async () => {
    const ada = await createPerson('ada', 'approver', 'L4');
    const authenticator = createSoftAuthenticator();
    const registered = await register(ada, authenticator);
    expect(registered.credentialId).toBe(authenticator.credentials[0]?.id);
    const stored = await getControlPlane().passkey.findUniqueOrThrow({ where: { id: registered.id } });
    expect(
      Buffer.from(stored.publicKey).equals(Buffer.from(authenticator.credentials[0]?.publicKeyCose ?? [])),
    ).toBe(true);
    const [event] = await auditEvents('passkey.registered', ada.id);
    expect(event).toMatchObject({
      outcome: 'success',
      data: { passkeyId: registered.id, credentialId: registered.credentialId, stepUp: 'password' },
    });
    // Same transaction id on both rows: the passkey never exists without its audit event.
    const xids = await db.control.query<{ xid: string }>(
      `SELECT xmin::text AS xid FROM passkeys WHERE id::text = $1
       UNION ALL SELECT xmin::text FROM audit_events WHERE kind = 'passkey.registered' AND data->>'passkeyId' = $1`,
      [registered.id],
    );
    expect(xids.rows).toHaveLength(2);
    expect(xids.rows[0]?.xid).toBe(xids.rows[1]?.xid);
    expect((await listPasskeys({ actor: ada })).map((p) => p.name)).toEqual(['laptop']);
  });

  it('refuses a stolen session: no step-up, or a wrong password, registers nothing', async () => {
    const bo = await createPerson('bo', 'approver', 'L2');
    const authenticator = createSoftAuthenticator();
    const attempts = [
      { password: undefined, code: 'STEP_UP_REQUIRED' },
      { password: 'not the password', code: 'WRONG_PASSWORD' },
    ];
    for (const attempt of attempts) {
      const { response } = await startRegistration(bo, authenticator);
      await expect(
        finishPasskeyRegistration({
          actor: bo,
          context: ctx(),
          name: 'thief',
          response,
          ...(attempt.password ? { password: attempt.password } : {}),
          relyingParty,
        }),
      ).rejects.toMatchObject({ code: attempt.code });
    }
    expect(await listPasskeys({ actor: bo })).toEqual([]);
    expect((await auditEvents('passkey.registered', bo.id)).map((e) => e.outcome)).toEqual([
      'refused',
      'refused',
    ]);
  });

  it('accepts a fresh single sign-on grant as the step-up, once only', async () => {
    const sso = await createPerson('sso', 'approver', 'L4');
    const newGrant = () =>
      getControlPlane().stepUpGrant.create({
        data: {
          userId: sso.id,
          state: `state-${Math.random()}`,
          nonce: 'nonce',
          codeVerifier: 'verifier',
          returnTo: '/settings/passkeys',
          grantedAt: new Date(),
          expiresAt: new Date(Date.now() + 60_000),
        },
      });
    const finish = async (stepUpGrant: string, userVerified = true) => {
      const start = await beginPasskeyRegistration({ actor: sso, context: ctx(), relyingParty });
      const response = createSoftAuthenticator().register({
        options: start.options,
        origin: relyingParty.origin,
        userVerified,
      });
      return finishPasskeyRegistration({
        actor: sso,
        context: ctx(),
        name: 'sso key',
        response,
        stepUpGrant,
        relyingParty,
      });
    };
    // The grant is used up by the step-up even when the authenticator's answer is then refused.
    const first = await newGrant();
    await expect(finish(first.id, false)).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    await expect(finish(first.id)).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const registered = await finish((await newGrant()).id);
    expect((await auditEvents('passkey.registered', sso.id)).at(-1)?.data).toMatchObject({
      passkeyId: registered.id,
      stepUp: 'sso',
    });
  });

  it('once a person has a passkey, adding another needs a signature from it, not the password', async () => {
    const cy = await createPerson('cy', 'approver', 'L4');
    const phone = createSoftAuthenticator();
    await register(cy, phone, 'phone');
    const laptop = createSoftAuthenticator();
    const withPassword = await startRegistration(cy, laptop);
    expect(withPassword.start.stepUp?.allowCredentials?.map((c) => c.id)).toEqual([phone.credentials[0]?.id]);
    await expect(
      finishPasskeyRegistration({
        actor: cy,
        context: ctx(),
        name: 'thief',
        response: withPassword.response,
        password: PASSWORD,
        relyingParty,
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });

    const { start, response } = await startRegistration(cy, laptop);
    const assertion = phone.assert({
      options: start.stepUp ?? { challenge: '' },
      origin: relyingParty.origin,
    });
    const second = await finishPasskeyRegistration({
      actor: cy,
      context: ctx(),
      name: 'laptop',
      response,
      assertion,
      relyingParty,
    });
    expect((await auditEvents('passkey.registered', cy.id)).at(-1)?.data).toMatchObject({
      passkeyId: second.id,
      stepUp: 'passkey',
    });
    expect((await listPasskeys({ actor: cy })).map((p) => p.name)).toEqual(['phone', 'laptop']);
  });

  it('refuses a replayed registration, an expired challenge, and a challenge issued to someone else', async () => {
    const di = await createPerson('di', 'approver', 'L2');
    const eve = await createPerson('eve', 'approver', 'L2');
    const authenticator = createSoftAuthenticator();
    const { response } = await startRegistration(di, authenticator);
    const finish = (actor: Person, answer: unknown) =>
      finishPasskeyRegistration({
        actor,
        context: ctx(),
        name: 'key',
        response: answer,
        password: PASSWORD,
        relyingParty,
      });
    await finish(di, response);
    await expect(finish(di, response)).rejects.toMatchObject({ code: 'PASSKEY_CHALLENGE_EXPIRED' });

    const late = await startRegistration(di, createSoftAuthenticator());
    await db.control.query(
      `UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1`,
      [late.start.options.challenge],
    );
    await expect(finish(di, late.response)).rejects.toMatchObject({ code: 'PASSKEY_CHALLENGE_EXPIRED' });

    const stolen = await startRegistration(di, createSoftAuthenticator());
    await expect(finish(eve, stolen.response)).rejects.toMatchObject({ code: 'PASSKEY_CHALLENGE_EXPIRED' });
    expect(await listPasskeys({ actor: eve })).toEqual([]);
    expect(await listPasskeys({ actor: di })).toHaveLength(1);
  });

  it('refuses an authenticator that did not verify the user', async () => {
    const fay = await createPerson('fay', 'approver', 'L4');
    const authenticator = createSoftAuthenticator();
    const start = await beginPasskeyRegistration({ actor: fay, context: ctx(), relyingParty });
    const response = authenticator.register({
      options: start.options,
      origin: relyingParty.origin,
      userVerified: false,
    });
    await expect(
      finishPasskeyRegistration({
        actor: fay,
        context: ctx(),
        name: 'key',
        response,
        password: PASSWORD,
        relyingParty,
      }),
    ).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
    expect(await listPasskeys({ actor: fay })).toEqual([]);
  });

  it("refuses to rename or remove another person's passkey, and lets the owner do both, audited", async () => {
    const gil = await createPerson('gil', 'approver', 'L4');
    const hal = await createPerson('hal', 'approver', 'L2');
    const gilKey = createSoftAuthenticator();
    const halKey = createSoftAuthenticator();
    const target = await register(gil, gilKey, 'yubikey');
    await register(hal, halKey, 'hal key');

    await expect(
      renamePasskey({ actor: hal, context: ctx(), passkeyId: target.id, name: 'mine now' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const halStepUp = await beginPasskeyRemoval({ actor: hal, context: ctx(), relyingParty });
    await expect(
      removePasskey({
        actor: hal,
        context: ctx(),
        passkeyId: target.id,
        assertion: halKey.assert({ options: halStepUp, origin: relyingParty.origin }),
        relyingParty,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listPasskeys({ actor: gil })).map((p) => p.name)).toEqual(['yubikey']);

    await renamePasskey({ actor: gil, context: ctx(), passkeyId: target.id, name: 'blue yubikey' });
    expect((await auditEvents('passkey.renamed', gil.id)).at(-1)).toMatchObject({
      outcome: 'success',
      data: { passkeyId: target.id, name: 'blue yubikey', previousName: 'yubikey' },
    });

    // A removal signed by someone else's passkey over the owner's challenge is refused.
    const gilStepUp = await beginPasskeyRemoval({ actor: gil, context: ctx(), relyingParty });
    await expect(
      removePasskey({
        actor: gil,
        context: ctx(),
        passkeyId: target.id,
        assertion: halKey.assert({
          options: gilStepUp,
          origin: relyingParty.origin,
          credentialId: halKey.credentials[0]?.id,
        }),
        relyingParty,
      }),
    ).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });

    const again = await beginPasskeyRemoval({ actor: gil, context: ctx(), relyingParty });
    await removePasskey({
      actor: gil,
      context: ctx(),
      passkeyId: target.id,
      assertion: gilKey.assert({ options: again, origin: relyingParty.origin }),
      relyingParty,
    });
    expect(await listPasskeys({ actor: gil })).toEqual([]);
    expect((await auditEvents('passkey.removed', gil.id)).at(-1)).toMatchObject({
      outcome: 'success',
      data: { passkeyId: target.id, name: 'blue yubikey', credentialId: target.credentialId },
    });
  });

  it('refuses a removal without a passkey signature', async () => {
    const ida = await createPerson('ida', 'approver', 'L4');
    const key = await register(ida, createSoftAuthenticator());
    await expect(
      removePasskey({ actor: ida, context: ctx(), passkeyId: key.id, assertion: undefined, relyingParty }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await listPasskeys({ actor: ida })).toHaveLength(1);
  });

  it('lets only those with passkey.manage start or finish a registration', async () => {
    const viewer = await createPerson('vic', 'viewer');
    await expect(
      beginPasskeyRegistration({ actor: viewer, context: ctx(), relyingParty }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
