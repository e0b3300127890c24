import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSigningKey } from '@/lib/server/signing/load-signing-key';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'signing-key-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadSigningKey', () => {
  it('makes one Ed25519 key in DATA_DIR, readable only by its owner, and signs with it after a restart', () => {
    const DATA_DIR = dataDir();
    const first = loadSigningKey({ env: { DATA_DIR } });
    const file = path.join(DATA_DIR, 'signing-key.ed25519.pem');
    expect(statSync(file).mode & 0o077).toBe(0);
    const signature = sign(null, Buffer.from('checkpoint'), first.privateKey);
    const again = loadSigningKey({ env: { DATA_DIR } });
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(verify(null, Buffer.from('checkpoint'), again.publicKey, signature)).toBe(true);
    expect(first.publicKeyRaw).toHaveLength(32);
  });

  it('uses SIGNING_KEY when set, and another DATA_DIR gets another key', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromEnv = loadSigningKey({
      env: { DATA_DIR: dataDir(), SIGNING_KEY: pem, SIGNING_KEY_NAME: 'gate.example/audit' },
    });
    const fromEnvElsewhere = loadSigningKey({ env: { DATA_DIR: dataDir(), SIGNING_KEY: pem } });
    expect(fromEnv.fingerprint).toBe(fromEnvElsewhere.fingerprint);
    expect(fromEnv.name).toBe('gate.example/audit');
    expect(loadSigningKey({ env: { DATA_DIR: dataDir() } }).fingerprint).not.toBe(fromEnv.fingerprint);
  });

  it('refuses a key that is not Ed25519 or not a key at all', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    expect(() => loadSigningKey({ env: { DATA_DIR: dataDir(), SIGNING_KEY: rsa.toString() } })).toThrow(
      /Ed25519/,
    );
    expect(() => loadSigningKey({ env: { DATA_DIR: dataDir(), SIGNING_KEY: 'not a key' } })).toThrow(
      /PKCS#8/,
    );
  });
});
