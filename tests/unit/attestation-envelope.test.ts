import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DsseEnvelope,
  RATIFICATION_PREDICATE_TYPE,
  type RatificationStatement,
  STATEMENT_TYPE,
} from '@/lib/server/attestation/attestation-statement';
import { preAuthEncoding } from '@/lib/server/attestation/pre-auth-encoding';
import { signEnvelope } from '@/lib/server/attestation/sign-envelope';
import { verifyAttestationEnvelope } from '@/lib/server/attestation/verify-attestation-envelope';
import { loadSigningKey } from '@/lib/server/signing/load-signing-key';
import { assertRatification, makeCredential, preimageFor } from './passkey-evidence-fixture';

const dataDir = mkdtempSync(path.join(tmpdir(), 'attestation-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const key = loadSigningKey({ env: { DATA_DIR: dataDir } });

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';
const digest = createHash('sha256').update('bundle v1').digest('hex');
const otherDigest = createHash('sha256').update('bundle v2').digest('hex');
const approver = { id: '11111111-1111-4111-8111-111111111111', email: 'alice@example.test', name: 'Alice' };
const credential = makeCredential();

function statementWith(
  options: { subjectDigest?: string; passkey?: ReturnType<typeof assertRatification> | null } = {},
) {
  const passkey =
    options.passkey === undefined
      ? assertRatification({
          credential,
          preimage: preimageFor({ proposal: PROPOSAL, digest, approverId: approver.id }),
        })
      : options.passkey;
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: 'one-roof-authmodel', digest: { sha256: options.subjectDigest ?? digest } }],
    predicateType: RATIFICATION_PREDICATE_TYPE,
    predicate: {
      proposal: { code: PROPOSAL, title: 'Auth model', proposer: 'pat@example.test' },
      policy: { quorum: 1, ratifyingLevels: ['L2', 'L4'] },
      standing: 2,
      ratifications: [
        {
          id: 'r-1',
          approver,
          level: 'L4',
          ratifiedAt: '2026-11-28T00:00:00.000Z',
          stepUp: 'passkey',
          passkey,
        },
        {
          id: 'r-2',
          approver: { id: '22222222-2222-4222-8222-222222222222', email: 'bob@example.test', name: 'Bob' },
          level: 'L2',
          ratifiedAt: '2026-11-28T00:01:00.000Z',
          stepUp: 'password',
          passkey: null,
        },
      ],
      revocations: [],
      attestedAt: '2026-11-28T00:02:00.000Z',
    },
  } satisfies RatificationStatement;
}

const verifyWith = (envelope: unknown, publicKey = key.publicKey) =>
  verifyAttestationEnvelope({ envelope, publicKey });
const payloadOf = (envelope: DsseEnvelope) =>
  JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('DSSE pre-authentication encoding', () => {
  it('matches the DSSE specification example', () => {
    const bytes = preAuthEncoding({
      payloadType: 'http://example.com/HelloWorld',
      payload: Buffer.from('hello world'),
    });
    expect(bytes.toString('utf8')).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters', () => {
    expect(preAuthEncoding({ payloadType: 'é', payload: Buffer.from('ü') }).toString('utf8')).toBe(
      'DSSEv1 2 é 2 ü',
    );
  });
});

describe('the signed attestation verifies offline', () => {
  it('verifies with the server key and checks every passkey against the subject digest', async () => {
    const envelope = signEnvelope({ statement: statementWith(), key });
    expect(envelope.signatures).toEqual([{ keyid: key.fingerprint, sig: expect.any(String) }]);
    const result = await verifyWith(envelope);
    expect(result).toMatchObject({
      ok: true,
      keyid: key.fingerprint,
      ratifications: [
        { id: 'r-1', approver: approver.email, credentialId: credential.id, outcome: 'passkey-verified' },
        { id: 'r-2', stepUp: 'password', outcome: 'no-passkey' },
      ],
    });
  });

  const tampers: { name: string; failed: string; tamper: (envelope: DsseEnvelope) => unknown }[] = [
    {
      name: 'the payload is edited (another digest)',
      failed: 'signature',
      tamper: (envelope) => {
        const statement = payloadOf(envelope);
        statement.subject[0].digest.sha256 = otherDigest;
        return { ...envelope, payload: encode(statement) };
      },
    },
    {
      name: 'the signature is changed',
      failed: 'signature',
      tamper: (envelope) => {
        const sig = Buffer.from(envelope.signatures[0]?.sig as string, 'base64');
        sig[0] = (sig[0] as number) ^ 1;
        return { ...envelope, signatures: [{ keyid: key.fingerprint, sig: sig.toString('base64') }] };
      },
    },
    {
      name: 'the keyid names another key',
      failed: 'keyid',
      tamper: (envelope) => ({
        ...envelope,
        signatures: [{ ...envelope.signatures[0], keyid: 'f'.repeat(64) }],
      }),
    },
    {
      name: 'the payload type is changed',
      failed: 'payload-type',
      tamper: (envelope) => ({ ...envelope, payloadType: 'application/json' }),
    },
    {
      name: 'the envelope has no signature',
      failed: 'envelope',
      tamper: (envelope) => ({ ...envelope, signatures: [] }),
    },
  ];

  it.each(tampers)('refuses when $name ($failed)', async ({ tamper, failed }) => {
    const envelope = signEnvelope({ statement: statementWith(), key });
    expect(await verifyWith(tamper(envelope))).toMatchObject({ ok: false, failed });
  });

  it('refuses an envelope re-signed by another key presenting its own keyid', async () => {
    const other = generateKeyPairSync('ed25519');
    const envelope = signEnvelope({ statement: statementWith(), key });
    const sig = sign(
      null,
      preAuthEncoding({
        payloadType: envelope.payloadType,
        payload: Buffer.from(envelope.payload, 'base64'),
      }),
      other.privateKey,
    );
    const forged = { ...envelope, signatures: [{ keyid: 'forged', sig: sig.toString('base64') }] };
    expect(await verifyWith(forged)).toMatchObject({ ok: false, failed: 'keyid' });
    expect(await verifyWith(envelope, other.publicKey)).toMatchObject({ ok: false, failed: 'keyid' });
  });

  it('refuses a statement, signed by the server, whose subject digest is not the one the passkey signed', async () => {
    const envelope = signEnvelope({ statement: statementWith({ subjectDigest: otherDigest }), key });
    const result = await verifyWith(envelope);
    expect(result).toMatchObject({ ok: false, failed: 'ratification' });
    expect(result.ratifications?.[0]).toMatchObject({ outcome: 'failed', failed: 'digest' });
  });

  it('refuses a passkey signature replayed from another digest', async () => {
    const forOther = assertRatification({
      credential,
      preimage: preimageFor({ proposal: PROPOSAL, digest: otherDigest, approverId: approver.id }),
    });
    const replayed = { ...forOther, challenge: { ...forOther.challenge, digest } };
    const result = await verifyWith(signEnvelope({ statement: statementWith({ passkey: replayed }), key }));
    expect(result.ratifications?.[0]).toMatchObject({ outcome: 'failed', failed: 'challenge' });
  });

  it('refuses a passkey ratification whose evidence was left out', async () => {
    const result = await verifyWith(signEnvelope({ statement: statementWith({ passkey: null }), key }));
    expect(result.ratifications?.[0]).toMatchObject({ outcome: 'failed', failed: 'evidence' });
  });

  it('refuses a payload that is not an in-toto ratification statement', async () => {
    const statement = { ...statementWith(), predicateType: 'https://example.com/other/v1' };
    const envelope = signEnvelope({ statement: statement as unknown as RatificationStatement, key });
    expect(await verifyWith(envelope)).toMatchObject({ ok: false, failed: 'statement' });
  });
});
