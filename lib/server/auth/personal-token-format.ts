import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

// 32 random bytes: far beyond guessing, so a fast unsalted SHA-256 is a safe
// way to store it (unlike a password). The prefix lets secret scanners find
// a leaked token and lets the CLI tell a token from a typo at a glance.
export const PERSONAL_TOKEN_PREFIX = 'orgt_';
const tokenPattern = /^orgt_[A-Za-z0-9_-]{43}$/;

export const PERSONAL_TOKEN_DEFAULT_DAYS = 30;
export const PERSONAL_TOKEN_MAX_DAYS = 90;

export function newPersonalToken(): { token: string; tokenHash: string } {
  const token = `${PERSONAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashPersonalToken(token) };
}

export function hashPersonalToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isPersonalTokenShaped(value: string): boolean {
  return tokenPattern.test(value);
}
