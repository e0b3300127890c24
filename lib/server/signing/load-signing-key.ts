import 'server-only';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readEnv } from '@/lib/env';

export type SigningKey = {
  /** Ed25519 private key: sign with `crypto.sign(null, bytes, privateKey)`. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The 32-byte raw public key, as signed notes and DSSE verifiers need it. */
  publicKeyRaw: Buffer;
  /** The signer's name (SIGNING_KEY_NAME): the signed-note key name and the checkpoint origin. */
  name: string;
  /** sha256 of the raw public key, hex: a stable id for DSSE `keyid` and for people comparing keys. */
  fingerprint: string;
};

const KEY_FILE = 'signing-key.ed25519.pem';
const cache = new Map<string, SigningKey>();

/**
 * The server's Ed25519 signing key. SIGNING_KEY (a PKCS#8 PEM) wins; without
 * it a key is made once and kept in DATA_DIR, so restarts sign with the same
 * key. The file is created exclusively: two instances starting together end
 * up with the one key that was written first.
 */
export function loadSigningKey(options: { env?: Record<string, string | undefined> } = {}): SigningKey {
  const env = readEnv(options.env ?? process.env);
  const pem = env.SIGNING_KEY ?? readOrCreateKeyFile(path.join(env.DATA_DIR, KEY_FILE));
  const cacheKey = `${env.SIGNING_KEY_NAME}\n${pem}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const key = fromPem(pem, env.SIGNING_KEY_NAME);
  cache.set(cacheKey, key);
  return key;
}

function fromPem(pem: string, name: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error('SIGNING_KEY is not a PKCS#8 PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`SIGNING_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  }
  const publicKey = createPublicKey(privateKey);
  // The SPKI DER of an Ed25519 key ends with the 32 raw bytes.
  const publicKeyRaw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const fingerprint = createHash('sha256').update(publicKeyRaw).digest('hex');
  return { privateKey, publicKey, publicKeyRaw, name, fingerprint };
}

function readOrCreateKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8');
  }
}
