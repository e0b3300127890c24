import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPasskeyEvidence } from '@/lib/server/audit/verify-passkey-evidence';
import { ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';
import { assertRatification, makeCredential, preimageFor } from './passkey-evidence-fixture';

const digest = createHash('sha256').update('bundle').digest('hex');
const otherDigest = createHash('sha256').update('another bundle').digest('hex');
const claim = { proposal: 'APR-BOOT-AUTHMODEL-1', digest, approverId: 'approver-1' };

describe('verifyPasskeyEvidence', () => {
  it.each(['ES256', 'EdDSA'] as const)(
    'accepts a genuine %s assertion over the ratify challenge',
    async (algorithm) => {
      const credential = makeCredential(algorithm);
      const evidence = assertRatification({ credential, preimage: preimageFor(claim) });
      expect(await verifyPasskeyEvidence({ ...claim, evidence })).toEqual({
        ok: true,
        credentialId: credential.id,
        rpId: 'localhost',
      });
    },
  );

  const credential = makeCredential();
  const genuine = () => assertRatification({ credential, preimage: preimageFor(claim) });
  const cases: {
    name: string;
    check: string;
    make: () => { claim?: Partial<typeof claim>; evidence: unknown };
  }[] = [
    {
      name: 'the event claims another digest',
      check: 'digest',
      make: () => ({ claim: { digest: otherDigest }, evidence: genuine() }),
    },
    {
      name: "the evidence's preimage was edited to the claimed digest",
      check: 'challenge',
      make: () => {
        const evidence = genuine();
        return {
          claim: { digest: otherDigest },
          evidence: { ...evidence, challenge: { ...evidence.challenge, digest: otherDigest } },
        };
      },
    },
    {
      name: 'a signature made for another digest is replayed',
      check: 'challenge',
      make: () => {
        const other = assertRatification({
          credential,
          preimage: preimageFor({ ...claim, digest: otherDigest }),
        });
        return { evidence: { ...other, challenge: preimageFor(claim) } };
      },
    },
    {
      name: 'another proposal',
      check: 'proposal',
      make: () => ({ claim: { proposal: 'APR-OTHER-1' }, evidence: genuine() }),
    },
    {
      name: 'another approver',
      check: 'approver',
      make: () => ({ claim: { approverId: 'approver-2' }, evidence: genuine() }),
    },
    {
      name: 'the UV bit is flipped off after signing',
      check: 'user-verified',
      make: () => {
        const evidence = genuine();
        const data = Buffer.from(evidence.authenticatorData, 'base64url');
        data[32] = (data[32] as number) & ~0x04;
        return { evidence: { ...evidence, authenticatorData: data.toString('base64url') } };
      },
    },
    {
      name: 'the UV bit is flipped on after signing',
      check: 'signature',
      make: () => {
        const evidence = assertRatification({ credential, preimage: preimageFor(claim), flags: 0x01 });
        const data = Buffer.from(evidence.authenticatorData, 'base64url');
        data[32] = (data[32] as number) | 0x04;
        return { evidence: { ...evidence, authenticatorData: data.toString('base64url') } };
      },
    },
    {
      name: 'no user presence',
      check: 'user-present',
      make: () => ({
        evidence: assertRatification({ credential, preimage: preimageFor(claim), flags: 0x04 }),
      }),
    },
    {
      name: 'signed by another key',
      check: 'signature',
      make: () => ({
        evidence: assertRatification({
          credential,
          preimage: preimageFor(claim),
          signWith: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        }),
      }),
    },
    {
      name: "another credential's public key swapped in",
      check: 'signature',
      make: () => ({
        evidence: { ...genuine(), publicKey: Buffer.from(makeCredential().cose).toString('base64url') },
      }),
    },
    {
      name: 'made for another relying party',
      check: 'rp-id',
      make: () => ({
        evidence: assertRatification({
          credential,
          preimage: preimageFor(claim),
          rpIdHashOf: 'evil.example',
        }),
      }),
    },
    {
      name: 'the recorded rpId changed',
      check: 'rp-id',
      make: () => ({ evidence: { ...genuine(), rpId: 'evil.example' } }),
    },
    {
      name: 'made at another origin',
      check: 'origin',
      make: () => ({
        evidence: assertRatification({
          credential,
          preimage: preimageFor(claim),
          clientData: { origin: 'https://evil.example' },
        }),
      }),
    },
    {
      name: 'a registration, not an assertion',
      check: 'client-data',
      make: () => ({
        evidence: assertRatification({
          credential,
          preimage: preimageFor(claim),
          clientData: { type: 'webauthn.create' },
        }),
      }),
    },
    {
      name: 'a challenge that is not the preimage hash',
      check: 'challenge',
      make: () => ({
        evidence: assertRatification({
          credential,
          preimage: preimageFor(claim),
          clientData: { challenge: ratifyChallenge(preimageFor(claim)) },
        }),
      }),
    },
    {
      name: 'a signature cut short',
      check: 'signature',
      make: () => ({ evidence: { ...genuine(), signature: 'AAAA' } }),
    },
    {
      name: 'a public key that is not COSE',
      check: 'signature',
      make: () => ({ evidence: { ...genuine(), publicKey: 'AAAA' } }),
    },
    {
      name: 'an extra field',
      check: 'evidence',
      make: () => ({ evidence: { ...genuine(), trusted: true } }),
    },
    { name: 'no evidence at all', check: 'evidence', make: () => ({ evidence: null }) },
  ];

  it.each(cases)('refuses when $name ($check)', async ({ check, make }) => {
    const attack = make();
    const result = await verifyPasskeyEvidence({ ...claim, ...attack.claim, evidence: attack.evidence });
    expect(result).toMatchObject({ ok: false, failed: check });
  });
});
