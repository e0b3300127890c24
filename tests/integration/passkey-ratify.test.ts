import { generateRegistrationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '@/lib/server/audit/verify-audit-chain';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { beginRatifyAssertion } from '@/lib/server/passkeys/begin-ratify-assertion';
import { passkeyEvidenceSchema } from '@/lib/server/passkeys/passkey-evidence';
import { ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { createSoftAuthenticator, type SoftAuthenticator } from '../fixtures/soft-authenticator';
import {
  count,
  createPerson,
  ctx,
  type Person,
  ratifyAs,
  rehearseClone,
  type TestDatabases,
  useTestDatabases,
} from './harness';

const ORIGIN = 'http://localhost:3000';
const OTHER_DIGEST = 'f'.repeat(64);

describe('a ratification signed by the approver passkey', () => {
  const db = useTestDatabases('passkey_ratify', {
    before: () => {
      process.env.NEXTAUTH_URL = ORIGIN;
    },
    people: { proposer: 'approver:L4' },
    proposer: 'proposer',
  });
  let authenticator: SoftAuthenticator;
  let unique = 0;
  const savedEnv = { NEXTAUTH_URL: process.env.NEXTAUTH_URL, RATIFY_STEP_UP: process.env.RATIFY_STEP_UP };

  /** An L4 approver; with a passkey, its credential is held by the shared soft authenticator. */
  async function approver(options: { passkey: boolean }) {
    unique += 1;
    const person = await createPerson(`approver${unique}`, 'approver', 'L4');
    if (!options.passkey) return { person, credentialId: null };
    const registration = authenticator.register({
      options: await generateRegistrationOptions({
        rpName: 'test',
        rpID: 'localhost',
        userName: person.email,
      }),
      origin: ORIGIN,
    });
    const credential = authenticator.credentials.find((c) => c.id === registration.id);
    if (!credential) throw new Error('the soft authenticator kept no credential');
    await getControlPlane().passkey.create({
      data: {
        userId: person.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKeyCose),
        name: `key of ${person.email}`,
        transports: ['internal'],
      },
    });
    return { person, credentialId: credential.id };
  }

  /** What the dialog does: ask for a challenge at the digest shown, and have the authenticator sign it. */
  async function signedAssertion(
    person: Person,
    tweaks: { credentialId?: string; userVerified?: boolean; bundle?: TestDatabases['bundle'] } = {},
  ) {
    const bundle = tweaks.bundle ?? db.bundle;
    const options = await beginRatifyAssertion({
      actor: person,
      context: ctx(),
      digest: bundle.digest,
      bundle,
    });
    return JSON.stringify(
      authenticator.assert({
        options,
        origin: ORIGIN,
        ...(tweaks.credentialId && { credentialId: tweaks.credentialId }),
        ...(tweaks.userVerified === false && { userVerified: false }),
      }),
    );
  }

  async function state() {
    return {
      ratifications: await getControlPlane().ratification.count(),
      approvals: await count(db.production, 'SELECT count(*) FROM os_proposal_approvals'),
    };
  }

  async function expectRefused(operation: () => Promise<unknown>, code: string) {
    const before = await state();
    await expect(operation()).rejects.toMatchObject({ code });
    expect(await state()).toEqual(before);
  }

  beforeAll(async () => {
    authenticator = createSoftAuthenticator();
    await rehearseClone({ bundle: db.bundle });
  });
  // Assigning undefined to process.env would store the text "undefined".
  const restore = (name: keyof typeof savedEnv) => {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  };
  afterEach(() => restore('RATIFY_STEP_UP'));
  afterAll(async () => {
    restore('NEXTAUTH_URL');
  });

  it('ratifies with a passkey, and keeps evidence that verifies without the server', async () => {
    const { person } = await approver({ passkey: true });
    const result = await ratifyAs(person, { password: '', passkeyResponse: await signedAssertion(person) });

    const row = await getControlPlane().ratification.findUniqueOrThrow({
      where: { id: result.ratificationId },
    });
    expect(row.stepUp).toBe('passkey');
    const passkey = await getControlPlane().passkey.findUniqueOrThrow({ where: { id: row.passkeyId ?? '' } });
    expect(passkey.userId).toBe(person.id);
    expect(passkey.counter).toBeGreaterThan(0n);
    const evidence = passkeyEvidenceSchema.parse(row.passkeyEvidence);
    expect(evidence.challenge).toMatchObject({
      proposal: 'APR-BOOT-AUTHMODEL-1',
      digest: db.bundle.digest,
      approverId: person.id,
    });

    const event = await getControlPlane().auditEvent.findFirstOrThrow({
      where: { kind: 'proposal.ratify', outcome: 'success', actorId: person.id },
    });
    expect(event.data).toMatchObject({ stepUp: 'passkey', passkey: evidence });
    const auditor = await createPerson(`auditor${unique}`, 'auditor');
    expect((await verifyAuditChain({ actor: auditor, context: ctx() })).intact).toBe(true);

    // Only what was kept: the challenge recomputed from the preimage, the key from the evidence.
    const offline = await verifyAuthenticationResponse({
      response: {
        id: evidence.credentialId,
        rawId: evidence.credentialId,
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          authenticatorData: evidence.authenticatorData,
          clientDataJSON: evidence.clientDataJSON,
          signature: evidence.signature,
        },
      },
      expectedChallenge: ratifyChallenge(evidence.challenge),
      expectedOrigin: evidence.origin,
      expectedRPID: evidence.rpId,
      credential: {
        id: evidence.credentialId,
        publicKey: new Uint8Array(Buffer.from(evidence.publicKey, 'base64url')),
        counter: 0,
      },
      requireUserVerification: true,
    });
    expect(offline.verified).toBe(true);
  });

  it('refuses a signature replayed for another digest', async () => {
    const { person } = await approver({ passkey: true });
    // Signed while the bundle was at another digest, then presented for today's.
    const earlier = await signedAssertion(person, { bundle: { ...db.bundle, digest: OTHER_DIGEST } });
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: earlier }),
      'PASSKEY_DIGEST_MISMATCH',
    );
    // Signed for today's digest, presented for another.
    const today = await signedAssertion(person);
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: today, digest: OTHER_DIGEST }),
      'PASSKEY_DIGEST_MISMATCH',
    );
  });

  it('refuses a challenge used twice, even once the first ratification is revoked', async () => {
    const { person } = await approver({ passkey: true });
    const signed = await signedAssertion(person);
    const first = await ratifyAs(person, { password: '', passkeyResponse: signed });
    await revokeRatification({
      actor: person,
      context: ctx(),
      ratificationId: first.ratificationId,
      reason: 'to try the same signature again',
      bundle: db.bundle,
    });
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: signed }),
      'PASSKEY_CHALLENGE_EXPIRED',
    );
  });

  it('refuses an expired challenge', async () => {
    const { person } = await approver({ passkey: true });
    const signed = await signedAssertion(person);
    await getControlPlane().webauthnChallenge.updateMany({
      where: { userId: person.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: signed }),
      'PASSKEY_CHALLENGE_EXPIRED',
    );
  });

  it("refuses another person's credential, and another person's signed answer", async () => {
    const victim = await approver({ passkey: true });
    const thief = await approver({ passkey: true });
    // The thief's own challenge, signed by the victim's credential.
    const withVictimsKey = await signedAssertion(thief.person, { credentialId: victim.credentialId ?? '' });
    await expectRefused(
      () => ratifyAs(thief.person, { password: '', passkeyResponse: withVictimsKey }),
      'PASSKEY_REJECTED',
    );
    // The victim's challenge and signature, presented by the thief.
    const victims = await signedAssertion(victim.person);
    await expectRefused(
      () => ratifyAs(thief.person, { password: '', passkeyResponse: victims }),
      'PASSKEY_REJECTED',
    );
  });

  it('refuses an assertion without user verification', async () => {
    const { person } = await approver({ passkey: true });
    const signed = await signedAssertion(person, { userVerified: false });
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: signed }),
      'PASSKEY_REJECTED',
    );
  });

  it('under policy passkey, refuses the password of an approver with a passkey and accepts it without one', async () => {
    process.env.RATIFY_STEP_UP = 'passkey';
    const withKey = await approver({ passkey: true });
    await expectRefused(() => ratifyAs(withKey.person), 'PASSKEY_REQUIRED');
    const without = await approver({ passkey: false });
    const result = await ratifyAs(without.person);
    const row = await getControlPlane().ratification.findUniqueOrThrow({
      where: { id: result.ratificationId },
    });
    expect(row).toMatchObject({ stepUp: 'password', passkeyId: null, passkeyEvidence: null });
  });

  it('under policy either, takes the password or the passkey', async () => {
    process.env.RATIFY_STEP_UP = 'either';
    const byPassword = await approver({ passkey: true });
    const viaPassword = await ratifyAs(byPassword.person);
    const byPasskey = await approver({ passkey: true });
    const viaPasskey = await ratifyAs(byPasskey.person, {
      password: '',
      passkeyResponse: await signedAssertion(byPasskey.person),
    });
    const rows = await getControlPlane().ratification.findMany({
      where: { id: { in: [viaPassword.ratificationId, viaPasskey.ratificationId] } },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.stepUp]))).toEqual({
      [viaPassword.ratificationId]: 'password',
      [viaPasskey.ratificationId]: 'passkey',
    });
  });

  it('under policy password, refuses a passkey and takes the password of an approver who has one', async () => {
    process.env.RATIFY_STEP_UP = 'either';
    const { person } = await approver({ passkey: true });
    const signed = await signedAssertion(person);
    process.env.RATIFY_STEP_UP = 'password';
    await expectRefused(
      () => ratifyAs(person, { password: '', passkeyResponse: signed }),
      'STEP_UP_REQUIRED',
    );
    await expect(
      beginRatifyAssertion({ actor: person, context: ctx(), digest: db.bundle.digest }),
    ).rejects.toMatchObject({
      code: 'PASSKEY_UNAVAILABLE',
    });
    const result = await ratifyAs(person);
    const row = await getControlPlane().ratification.findUniqueOrThrow({
      where: { id: result.ratificationId },
    });
    expect(row.stepUp).toBe('password');
  });

  it('hands out no challenge for a stale digest, nor to an approver without a passkey', async () => {
    const { person } = await approver({ passkey: true });
    await expect(
      beginRatifyAssertion({ actor: person, context: ctx(), digest: OTHER_DIGEST }),
    ).rejects.toMatchObject({
      code: 'STALE_DIGEST',
    });
    const without = await approver({ passkey: false });
    await expect(
      beginRatifyAssertion({ actor: without.person, context: ctx(), digest: db.bundle.digest }),
    ).rejects.toMatchObject({ code: 'PASSKEY_UNAVAILABLE' });
    expect(
      await getControlPlane().webauthnChallenge.count({
        where: { userId: { in: [person.id, without.person.id] } },
      }),
    ).toBe(0);
  });
});
