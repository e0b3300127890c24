import 'server-only';
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum, computed off the event loop.

let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * True only when the account has a password hash and the password matches it.
 * An account without one (single sign-on only, or added without a password)
 * and an unknown email still cost one real verification, against a hash of
 * random bytes nobody knows, and the answer is false whatever it says.
 */
export async function verifyPassword(password: string, passwordHash: string | null): Promise<boolean> {
  dummyHash ??= hash(randomBytes(32).toString('base64'));
  const against = passwordHash ?? (await dummyHash);
  try {
    const matches = await verify(against, password);
    return passwordHash !== null && matches;
  } catch {
    return false;
  }
}
