import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { createSoftAuthenticator } from '@/tests/fixtures/soft-authenticator';

const rp = { rpID: 'localhost', rpName: 'One-Roof Release Gate', origin: 'http://localhost:3103' };

async function registered() {
  const authenticator = createSoftAuthenticator();
  const options = await generateRegistrationOptions({
    rpID: rp.rpID,
    rpName: rp.rpName,
    userName: 'ada@example.test',
    authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
  });
  const response = authenticator.register({ options, origin: rp.origin });
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: true,
  });
  return { authenticator, options, response, verification };
}

describe('soft authenticator', () => {
  it('registers a credential that @simplewebauthn/server verifies, with the COSE key it holds', async () => {
    const { authenticator, verification } = await registered();
    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo;
    const [credential] = authenticator.credentials;
    expect(info?.credential.id).toBe(credential?.id);
    expect(
      Buffer.from(info?.credential.publicKey ?? []).equals(Buffer.from(credential?.publicKeyCose ?? [])),
    ).toBe(true);
    expect(info?.userVerified).toBe(true);
    expect(info?.fmt).toBe('none');
  });

  it('refuses to register again where the server excludes its credential', async () => {
    const { authenticator, response } = await registered();
    const options = await generateRegistrationOptions({
      rpID: rp.rpID,
      rpName: rp.rpName,
      userName: 'ada@example.test',
      excludeCredentials: [{ id: response.id }],
    });
    expect(() => authenticator.register({ options, origin: rp.origin })).toThrow(/InvalidStateError/);
  });

  const cases: {
    name: string;
    tweak: { userVerified?: boolean; origin?: string; counter?: number; otherChallenge?: boolean };
    verified: boolean | 'throws';
  }[] = [
    { name: 'a plain assertion', tweak: {}, verified: true },
    { name: 'an assertion without user verification', tweak: { userVerified: false }, verified: 'throws' },
    {
      name: 'an assertion made at another origin',
      tweak: { origin: 'http://evil.test' },
      verified: 'throws',
    },
    { name: 'an assertion over another challenge', tweak: { otherChallenge: true }, verified: 'throws' },
    { name: 'a counter that went backwards', tweak: { counter: 0 }, verified: 'throws' },
  ];

  it.each(cases)('asserts: $name → $verified', async ({ tweak, verified }) => {
    const { authenticator, verification } = await registered();
    const credential = verification.registrationInfo?.credential;
    if (!credential) throw new Error('registration gave no credential');
    const options = await generateAuthenticationOptions({
      rpID: rp.rpID,
      allowCredentials: [{ id: credential.id }],
      userVerification: 'required',
    });
    // Two assertions: the second carries the tweak, so a counter of 0 is "backwards" against the first's 1.
    const first = authenticator.assert({ options, origin: rp.origin });
    const firstCheck = await verifyAuthenticationResponse({
      response: first,
      expectedChallenge: options.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential,
      requireUserVerification: true,
    });
    expect(firstCheck.verified).toBe(true);
    const signed = tweak.otherChallenge ? { ...options, challenge: 'b3RoZXItY2hhbGxlbmdl' } : options;
    const response = authenticator.assert({
      options: signed,
      origin: tweak.origin ?? rp.origin,
      ...(tweak.userVerified === undefined ? {} : { userVerified: tweak.userVerified }),
      ...(tweak.counter === undefined ? {} : { counter: tweak.counter }),
    });
    const check = verifyAuthenticationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { ...credential, counter: firstCheck.authenticationInfo.newCounter },
      requireUserVerification: true,
    });
    if (verified === 'throws') await expect(check).rejects.toThrow();
    else expect((await check).verified).toBe(verified);
  });
});
