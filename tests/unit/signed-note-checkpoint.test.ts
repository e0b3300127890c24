import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from '@/lib/server/checkpoints/checkpoint-body';
import {
  keyId,
  openNote,
  parseVerifierKey,
  signNote,
  verifierKey,
} from '@/lib/server/checkpoints/signed-note';

// The example in the documentation of Go's golang.org/x/mod/sumdb/note, used as data.
const GO_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_NOTE =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

function newKey(name = 'one-roof-release-gate/audit') {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyRaw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { name, privateKey, publicKeyRaw };
}

const checkpoint = {
  origin: 'one-roof-release-gate/audit',
  size: 105,
  root: Buffer.alloc(32, 7),
  chainHead: 'ab'.repeat(32),
  time: '2026-11-28T01:00:00.000Z',
};

describe('signed notes (C2SP signed-note, Ed25519)', () => {
  it("opens Go's own example note with Go's verifier key", () => {
    const opened = openNote(GO_NOTE, parseVerifierKey(GO_KEY));
    expect(opened).toEqual({
      text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
      verified: true,
      problem: null,
    });
  });

  it("derives Go's key id and verifier key string from the name and public key", () => {
    const verifier = parseVerifierKey(GO_KEY);
    expect(keyId('PeterNeumann', verifier.publicKeyRaw).toString('hex')).toBe('c74f20a3');
    expect(verifierKey('PeterNeumann', verifier.publicKeyRaw)).toBe(GO_KEY);
  });

  it('round-trips a signed checkpoint, and refuses every tampered byte of it', () => {
    const key = newKey();
    const note = signNote({ text: formatCheckpoint(checkpoint), ...key });
    const verifier = parseVerifierKey(verifierKey(key.name, key.publicKeyRaw));
    const opened = openNote(note, verifier);
    expect(opened.verified).toBe(true);
    expect(parseCheckpoint(opened.text)).toEqual({ checkpoint, problem: null });
    const tampered = [
      note.replace('\n105\n', '\n104\n'),
      note.replace(`chain-head ${'ab'.repeat(32)}`, `chain-head ${'ac'.repeat(32)}`),
      note.replace(
        / (\S)(\S+)\n$/,
        (_m, first: string, rest: string) => ` ${first === 'A' ? 'B' : 'A'}${rest}\n`,
      ),
    ];
    for (const text of tampered) expect(openNote(text, verifier).verified).toBe(false);
  });

  it('does not accept a signature by another key under the same name', () => {
    const signer = newKey();
    const note = signNote({ text: formatCheckpoint(checkpoint), ...signer });
    const other = newKey();
    const opened = openNote(note, parseVerifierKey(verifierKey(other.name, other.publicKeyRaw)));
    expect(opened.verified).toBe(false);
    expect(opened.problem).toMatch(/not signed by/);
  });

  it.each([
    ['a key with a wrong id', GO_KEY.replace('c74f20a3', 'c74f20a4'), /id does not match/],
    [
      'a key of another type',
      'PeterNeumann+c74f20a3+AhpYdh1BDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /not an Ed25519/,
    ],
    [
      'a name with a space',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      /verifier key is/,
    ],
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseVerifierKey(text)).toThrow(message);
  });
});

describe('checkpoint bodies (C2SP tlog-checkpoint)', () => {
  it.each([
    ['no trailing newline', formatCheckpoint(checkpoint).slice(0, -1), /origin, a size/],
    ['a size with a sign', formatCheckpoint(checkpoint).replace('\n105\n', '\n-105\n'), /not a number/],
    ['a short root', formatCheckpoint({ ...checkpoint, root: Buffer.alloc(31) }), /32 bytes/],
    ['no chain head', formatCheckpoint(checkpoint).replace(/chain-head .*\n/, ''), /chain-head/],
  ])('refuses %s', (_label, text, problem) => {
    const parsed = parseCheckpoint(text);
    expect(parsed.checkpoint).toBeNull();
    expect(parsed.problem).toMatch(problem);
  });
});
