import { describe, expect, it } from 'vitest';
import { passkeyEvidenceOf } from '@/lib/server/passkeys/passkey-evidence-of';
import type { RatifyChallengePreimage } from '@/lib/server/passkeys/ratify-challenge';
import { authenticationResponseSchema } from '@/lib/server/passkeys/webauthn-responses';

const assertion = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key' as const,
  clientExtensionResults: {},
  response: { clientDataJSON: 'Y2RK', authenticatorData: 'YUQ', signature: 'c2ln' },
};

const preimage: RatifyChallengePreimage = {
  purpose: 'one-roof/ratify/v1',
  proposal: 'APR-BOOT-AUTHMODEL-1',
  digest: 'a'.repeat(64),
  approverId: 'approver-1',
  nonce: 'n'.repeat(43),
};

describe('a browser answer, as the object or the JSON text of a form field', () => {
  const cases: { name: string; input: unknown; ok: boolean }[] = [
    { name: 'the parsed object', input: assertion, ok: true },
    { name: 'its JSON text', input: JSON.stringify(assertion), ok: true },
    { name: 'text that is not JSON', input: '{not json', ok: false },
    { name: 'JSON of another shape', input: JSON.stringify({ id: 'Y3JlZA' }), ok: false },
    {
      name: 'a signature that is not base64url',
      input: { ...assertion, response: { ...assertion.response, signature: 'a+b/' } },
      ok: false,
    },
  ];
  for (const { name, input, ok } of cases) {
    it(`${ok ? 'takes' : 'refuses'} ${name}`, () => {
      const parsed = authenticationResponseSchema.safeParse(input);
      expect(parsed.success).toBe(ok);
      if (parsed.success) expect(parsed.data).toEqual(assertion);
    });
  }
  it('words the refusal of text that is not JSON', () => {
    expect(authenticationResponseSchema.safeParse('{not json').error?.issues[0]?.message).toBe(
      'must be the JSON answer of your authenticator',
    );
  });
});

describe('passkeyEvidenceOf', () => {
  const base = {
    publicKey: new Uint8Array([1, 2, 3]),
    rpId: 'localhost',
    origin: 'http://localhost:3103',
    preimage,
  };
  const cases: { name: string; userHandle?: string; publicKey?: Uint8Array; expected: object | 'throws' }[] =
    [
      {
        name: 'without a user handle',
        expected: { userHandle: null, publicKey: 'AQID', credentialId: 'Y3JlZA' },
      },
      {
        name: 'with a user handle',
        userHandle: 'dXNlcg',
        expected: { userHandle: 'dXNlcg', signature: 'c2ln' },
      },
      { name: 'with no public key', publicKey: new Uint8Array(), expected: 'throws' },
    ];
  for (const { name, userHandle, publicKey, expected } of cases) {
    it(`keeps the evidence ${name}`, () => {
      const response = {
        ...assertion,
        response: { ...assertion.response, ...(userHandle ? { userHandle } : {}) },
      };
      const make = () => passkeyEvidenceOf({ ...base, ...(publicKey ? { publicKey } : {}), response });
      if (expected === 'throws') expect(make).toThrow();
      else expect(make()).toMatchObject({ ...expected, rpId: 'localhost', challenge: preimage });
    });
  }
});
