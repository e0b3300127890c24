// No 'server-only': the offline verifier opens notes with this too.
import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, the
 * format Go's golang.org/x/mod/sumdb/note reads: a text ending in a newline,
 * a blank line, then one line per signature, `— <name> <base64(key id || sig)>`.
 */

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
const NAME = /^[^\s+]+$/;

/** The 4-byte key id: the first bytes of SHA-256(name || "\n" || 0x01 || public key). */
export function keyId(name: string, publicKeyRaw: Uint8Array): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.of(ED25519))
    .update(publicKeyRaw)
    .digest()
    .subarray(0, 4);
}

/** The verifier key string `<name>+<hex key id>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKeyRaw: Uint8Array): string {
  const id = keyId(name, publicKeyRaw).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.of(ED25519), publicKeyRaw]).toString('base64')}`;
}

export type NoteVerifier = { name: string; keyId: Buffer; publicKey: KeyObject; publicKeyRaw: Buffer };

/** Reads a verifier key string; throws with a sentence if it is not an Ed25519 signed-note key. */
export function parseVerifierKey(text: string): NoteVerifier {
  // Base64 has '+' in it: only the first two split the string.
  const trimmed = text.trim();
  const first = trimmed.indexOf('+');
  const second = trimmed.indexOf('+', first + 1);
  const [name, hexId, encoded] =
    first < 0 || second < 0
      ? []
      : [trimmed.slice(0, first), trimmed.slice(first + 1, second), trimmed.slice(second + 1)];
  if (!name || !NAME.test(name) || !/^[0-9a-f]{8}$/.test(hexId ?? '') || !encoded) {
    throw new Error('a verifier key is <name>+<8 hex digits>+<base64 key>');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 33 || key[0] !== ED25519) throw new Error('the verifier key is not an Ed25519 key');
  const publicKeyRaw = key.subarray(1);
  const id = keyId(name, publicKeyRaw);
  if (id.toString('hex') !== hexId) throw new Error('the verifier key id does not match its name and key');
  return { name, keyId: id, publicKey: rawEd25519Key(publicKeyRaw), publicKeyRaw };
}

function rawEd25519Key(raw: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** Signs a note's text (which must end in a newline) as one signed note. */
export function signNote(options: {
  text: string;
  name: string;
  privateKey: KeyObject;
  publicKeyRaw: Uint8Array;
}): string {
  const { text, name } = options;
  if (!text.endsWith('\n') || text.includes('\n\n')) throw new Error('a note text ends in one newline');
  if (!NAME.test(name)) throw new Error('a signed-note key name has no spaces or +');
  const signature = sign(null, Buffer.from(text), options.privateKey);
  const line = Buffer.concat([keyId(name, options.publicKeyRaw), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${name} ${line}\n`;
}

export type OpenedNote = { text: string; verified: boolean; problem: string | null };

/**
 * Opens a signed note with one verifier: the text, and whether a signature
 * line by that key verifies over it. Signatures by other keys are ignored,
 * as the format allows; a malformed note is a problem, not a throw.
 */
export function openNote(note: string, verifier: NoteVerifier): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    return { text: '', verified: false, problem: 'is not a signed note' };
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  let foundKey = false;
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX))
      return { text, verified: false, problem: 'has a malformed signature line' };
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (!name || !encoded || extra !== undefined) {
      return { text, verified: false, problem: 'has a malformed signature line' };
    }
    const bytes = Buffer.from(encoded, 'base64');
    if (name !== verifier.name || bytes.length < 4 || !bytes.subarray(0, 4).equals(verifier.keyId)) continue;
    foundKey = true;
    if (bytes.length === 68 && verify(null, Buffer.from(text), verifier.publicKey, bytes.subarray(4))) {
      return { text, verified: true, problem: null };
    }
  }
  return {
    text,
    verified: false,
    problem: foundKey
      ? 'has a signature by the key that does not verify'
      : `is not signed by ${verifier.name}`,
  };
}
