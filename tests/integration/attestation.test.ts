import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRegistrationOptions } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestProposal } from '@/lib/server/attestation/attest-proposal';
import { verifyAttestationEnvelope } from '@/lib/server/attestation/verify-attestation-envelope';
import { exportAuditTrail } from '@/lib/server/audit/export-audit-trail';
import { GENESIS_HASH, hashEvent } from '@/lib/server/audit/hash-event';
import { verifyAuditExport } from '@/lib/server/audit/verify-audit-export';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { beginRatifyAssertion } from '@/lib/server/passkeys/begin-ratify-assertion';
import type { PasskeyEvidence } from '@/lib/server/passkeys/passkey-evidence';
import { passkeyEvidenceOf } from '@/lib/server/passkeys/passkey-evidence-of';
import { type RatifyChallengePreimage, ratifyChallenge } from '@/lib/server/passkeys/ratify-challenge';
import { revokeRatification } from '@/lib/server/ratification/revoke-ratification';
import { loadSigningKey } from '@/lib/server/signing/load-signing-key';
import { createSoftAuthenticator } from '@/tests/fixtures/soft-authenticator';
import { ctx, type Person, ratifyAs, rehearseClone, useTestDatabases } from './harness';

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';
const ORIGIN = 'http://localhost:3103';

/** Evidence made by an authenticator the approver never registered: what someone rewriting the tables could make. */
function passkeyEvidence(options: { approverId: string; digest: string }): PasskeyEvidence {
  const authenticator = createSoftAuthenticator();
  authenticator.register({
    origin: ORIGIN,
    options: {
      rp: { id: 'localhost', name: 'One-Roof' },
      user: { id: Buffer.from(options.approverId).toString('base64url'), name: 'a', displayName: 'a' },
      challenge: randomBytes(16).toString('base64url'),
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    },
  });
  const preimage: RatifyChallengePreimage = {
    purpose: 'one-roof/ratify/v1',
    proposal: PROPOSAL,
    digest: options.digest,
    approverId: options.approverId,
    nonce: randomBytes(18).toString('base64url'),
  };
  const response = authenticator.assert({
    origin: ORIGIN,
    options: { challenge: ratifyChallenge(preimage), rpId: 'localhost' },
  });
  const credential = authenticator.credentials[0];
  if (!credential) throw new Error('the soft authenticator registered nothing');
  return passkeyEvidenceOf({
    response,
    publicKey: credential.publicKeyCose,
    rpId: 'localhost',
    origin: ORIGIN,
    preimage,
  });
}

describe('the signed attestation and offline verification against a real control plane', () => {
  let dataDir: string;
  const db = useTestDatabases('attestation', {
    before: () => {
      process.env.NEXTAUTH_URL = ORIGIN;
      dataDir = mkdtempSync(path.join(tmpdir(), 'attestation-it-'));
      process.env.DATA_DIR = dataDir;
    },
    people: {
      proposer: { role: 'approver:L2', name: 'att-proposer' },
      alice: { role: 'approver:L4', name: 'att-alice' },
      bob: { role: 'approver:L2', name: 'att-bob' },
      auditor: { role: 'auditor', name: 'att-auditor' },
      viewer: { role: 'viewer', name: 'att-viewer' },
    },
    proposer: 'proposer',
  });
  const { people } = db;
  let aliceRatification: string;

  const savedOrigin = process.env.NEXTAUTH_URL;
  let aliceCredential: string;

  /** Registers a passkey for the person and ratifies with it, as the dialog does through the browser. */
  async function ratifyWithPasskey(person: Person): Promise<string> {
    const authenticator = createSoftAuthenticator();
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
    aliceCredential = credential.id;
    await getControlPlane().passkey.create({
      data: {
        userId: person.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKeyCose),
        name: 'soft authenticator',
      },
    });
    const options = await beginRatifyAssertion({
      actor: person,
      context: ctx(),
      digest: db.bundle.digest,
      bundle: db.bundle,
    });
    const passkeyResponse = JSON.stringify(authenticator.assert({ options, origin: ORIGIN }));
    return (await ratifyAs(person, { password: '', passkeyResponse })).ratificationId;
  }

  beforeAll(async () => {
    await rehearseClone();
    aliceRatification = await ratifyWithPasskey(people.alice as Person);
    const bob = await ratifyAs(people.bob as Person);
    await revokeRatification({
      actor: people.bob as Person,
      context: ctx(),
      ratificationId: bob.ratificationId,
      reason: 'changed my mind',
    });
  });

  afterAll(async () => {
    if (savedOrigin === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = savedOrigin;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("signs an attestation that verifies with the server's public key and every passkey in it", async () => {
    const envelope = await attestProposal({
      actor: people.auditor as Person,
      context: ctx(),
      code: PROPOSAL,
    });
    const key = loadSigningKey();
    const result = await verifyAttestationEnvelope({ envelope, publicKey: key.publicKey });
    if (!result.ok) throw new Error(`${result.failed}: ${result.problem}`);
    expect(result.keyid).toBe(key.fingerprint);
    expect(result.statement.subject).toEqual([
      { name: db.bundle.manifest.name, digest: { sha256: db.bundle.digest } },
    ]);
    expect(result.statement.predicate).toMatchObject({
      proposal: { code: PROPOSAL, proposer: (people.proposer as Person).email },
      policy: { quorum: db.bundle.manifest.proposal.quorum },
      standing: 1,
      revocations: [{ revokedBy: (people.bob as Person).email, reason: 'changed my mind' }],
    });
    expect(result.ratifications).toEqual([
      expect.objectContaining({
        approver: (people.alice as Person).email,
        stepUp: 'passkey',
        outcome: 'passkey-verified',
      }),
      expect.objectContaining({
        approver: (people.bob as Person).email,
        stepUp: 'password',
        outcome: 'no-passkey',
      }),
    ]);

    // The CLI, offline, with the key saved to a file as an auditor would.
    const envelopeFile = path.join(dataDir, 'attestation.json');
    const keyFile = path.join(dataDir, 'signing-key.pub.pem');
    writeFileSync(envelopeFile, JSON.stringify(envelope));
    writeFileSync(keyFile, key.publicKey.export({ format: 'pem', type: 'spki' }));
    const cli = gate('verify-attestation', envelopeFile, '--public-key', keyFile);
    expect(cli.status, cli.out).toBe(0);
    expect(cli.out).toContain(`by ${(people.alice as Person).email}: passkey credential`);
    expect(cli.out).toContain(`verified: signed by key ${key.fingerprint}`);
  }, 180_000);

  it('is refused to a person without audit.read and for another proposal', async () => {
    await expect(
      attestProposal({ actor: people.viewer as Person, context: ctx(), code: PROPOSAL }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      attestProposal({ actor: people.auditor as Person, context: ctx(), code: 'APR-OTHER-1' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('round-trips through the audit export, and a tampered export fails verify-audit', async () => {
    const file = await exportTo(path.join(dataDir, 'export.json'));
    const result = await verifyAuditExport({ file });
    expect(result.intact).toBe(true);
    expect(result.ratifications).toEqual([
      expect.objectContaining({
        approver: (people.alice as Person).email,
        credentialId: aliceCredential,
        digest: db.bundle.digest,
        stepUp: 'passkey',
        outcome: 'passkey-verified',
      }),
      expect.objectContaining({
        approver: (people.bob as Person).email,
        stepUp: 'password',
        outcome: 'no-passkey',
      }),
    ]);
    const clean = gate('verify-audit', file);
    expect(clean.status, clean.out).toBe(0);
    expect(clean.out).toContain(
      `by ${(people.alice as Person).email}: passkey credential ${aliceCredential} signed digest ${db.bundle.digest} — signature verified`,
    );

    const text = await readFile(file, 'utf8');
    const tampered = path.join(dataDir, 'tampered.json');
    const other = 'f'.repeat(64);
    await writeFile(tampered, text.replace(`"digest":"${db.bundle.digest}"`, `"digest":"${other}"`));
    const cli = gate('verify-audit', tampered);
    expect(cli.status, cli.out).toBe(1);
    expect(cli.out).toMatch(/BROKEN at event \d+: hash does not match its contents/);

    // Whoever owns the tables rewrites the digest and recomputes every hash and the head: the chain agrees, the
    // passkey signature does not.
    const rewritten = path.join(dataDir, 'rewritten.json');
    await writeFile(
      rewritten,
      JSON.stringify(
        rehash(JSON.parse(text), (event) =>
          event.kind === 'proposal.ratify' && event.actorId === (people.alice as Person).id
            ? { ...event, digest: other }
            : event,
        ),
      ),
    );
    const forged = await verifyAuditExport({ file: rewritten });
    expect(forged.intact).toBe(true);
    expect(forged.ratifications[0]).toMatchObject({ outcome: 'failed', failed: 'digest' });
    const caught = gate('verify-audit', rewritten);
    expect(caught.status, caught.out).toBe(1);
    expect(caught.out).toContain(`FAILED ratification ${aliceRatification}`);
  }, 180_000);

  it('an owner who rewrites the stored evidence to another digest gets a signed attestation that does not verify', async () => {
    const evidence = passkeyEvidence({ approverId: (people.alice as Person).id, digest: 'e'.repeat(64) });
    await getControlPlane().ratification.update({
      where: { id: aliceRatification },
      data: {
        passkeyEvidence: { ...evidence, challenge: { ...evidence.challenge, digest: db.bundle.digest } },
      },
    });
    const envelope = await attestProposal({
      actor: people.auditor as Person,
      context: ctx(),
      code: PROPOSAL,
    });
    const result = await verifyAttestationEnvelope({ envelope, publicKey: loadSigningKey().publicKey });
    expect(result).toMatchObject({ ok: false, failed: 'ratification' });
    expect(result.ratifications?.[0]).toMatchObject({ outcome: 'failed', failed: 'challenge' });
  });

  it('evidence rewritten into another shape is left out of the statement, and its ratification fails', async () => {
    await getControlPlane().ratification.update({
      where: { id: aliceRatification },
      data: { passkeyEvidence: { signature: 'trust me' } },
    });
    const envelope = await attestProposal({
      actor: people.auditor as Person,
      context: ctx(),
      code: PROPOSAL,
    });
    const result = await verifyAttestationEnvelope({ envelope, publicKey: loadSigningKey().publicKey });
    expect(result.ratifications?.[0]).toMatchObject({ outcome: 'failed', failed: 'evidence' });
  });

  async function exportTo(file: string): Promise<string> {
    const exported = await exportAuditTrail({
      actor: people.auditor as Person,
      context: ctx(),
      format: 'json',
    });
    await writeFile(file, Buffer.from(await new Response(exported.body).arrayBuffer()));
    return file;
  }
});

type Exported = {
  head: { seq: string; hash: string };
  events: (Parameters<typeof hashEvent>[0] & { hash: string })[];
};

/** The export with one change applied and every hash after it recomputed, as a table owner could. */
function rehash(
  exported: Exported,
  change: (event: Exported['events'][number]) => Exported['events'][number],
): Exported {
  let prevHash = GENESIS_HASH;
  const events = exported.events.map((original) => {
    const event = { ...change(original), prevHash };
    prevHash = hashEvent(event);
    return { ...event, hash: prevHash };
  });
  return { ...exported, events, head: { seq: exported.head.seq, hash: prevHash } };
}

function gate(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', 'scripts/run-compiled.mjs', 'scripts/gate.ts', ...args],
    { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}
