import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signInAs } from '../demo-users';
import { gateCli } from '../gate-cli';

const PROPOSAL = 'APR-BOOT-AUTHMODEL-1';

test('auditor: fetches the signed attestation and the signing key, and the CLI verifies it offline', async ({
  page,
}) => {
  await signInAs(page, 'auditor@demo.local');
  await page.goto('/provenance');
  // Fetched by the page itself, as the app's own scripts fetch: same origin, the auditor's session.
  const fetched = await page.evaluate(async (code) => {
    const read = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, text: await response.text() };
    };
    return {
      attestation: await read(`/api/proposals/${code}/attestation`),
      key: await read('/api/signing-key'),
      other: await read('/api/proposals/APR-NOT-THIS-ONE/attestation'),
    };
  }, PROPOSAL);
  expect(fetched.attestation.status).toBe(200);
  expect(fetched.key.status).toBe(200);
  expect(fetched.other.status).toBe(404);
  const envelope = JSON.parse(fetched.attestation.text);
  const key = JSON.parse(fetched.key.text) as { keyid: string; publicKeyPem: string };
  expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
  expect(envelope.signatures).toEqual([{ keyid: key.keyid, sig: expect.any(String) }]);
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  expect(statement).toMatchObject({
    _type: 'https://in-toto.io/Statement/v1',
    predicateType: 'https://one-roof.dev/ratification/v1',
    predicate: { proposal: { code: PROPOSAL } },
  });

  const envelopeFile = test.info().outputPath('attestation.json');
  const keyFile = test.info().outputPath('signing-key.pub.pem');
  writeFileSync(envelopeFile, fetched.attestation.text);
  writeFileSync(keyFile, key.publicKeyPem);
  const verified = gateCli('verify-attestation', envelopeFile, '--public-key', keyFile);
  expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  expect(verified.stdout).toContain(`verified: signed by key ${key.keyid}; ${PROPOSAL}`);
  expect(verified.stdout).toContain(`sha256:${statement.subject[0].digest.sha256}`);

  // The same statement claiming another digest no longer matches the server's signature.
  statement.subject[0].digest.sha256 = 'f'.repeat(64);
  const tamperedFile = test.info().outputPath('tampered.json');
  writeFileSync(
    tamperedFile,
    JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') }),
  );
  const tampered = gateCli('verify-attestation', tamperedFile, '--public-key', keyFile);
  expect(tampered.status).toBe(1);
  expect(tampered.stdout).toContain('NOT VERIFIED (signature)');
});
