import { describe, expect, it } from 'vitest';
import {
  hashPersonalToken,
  isPersonalTokenShaped,
  newPersonalToken,
} from '@/lib/server/auth/personal-token-format';

describe('personal token format', () => {
  const { token, tokenHash } = newPersonalToken();

  it('is a prefixed 256-bit token stored only as its SHA-256', () => {
    expect(isPersonalTokenShaped(token)).toBe(true);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).toBe(hashPersonalToken(token));
    expect(tokenHash).not.toContain(token.slice(5));
    expect(newPersonalToken().token).not.toBe(token);
  });

  it.each([
    ['', false],
    ['orgt_', false],
    [token.slice(0, -1), false],
    [`${token}A`, false],
    [token.replace('orgt_', 'ghp_'), false],
    [`${token.slice(0, -1)}=`, false],
    [`${token.slice(0, -1)}/`, false],
    [` ${token}`, false],
    [`${token}\n`, false],
    [`orgt_${'A'.repeat(43)}`, true],
    [`orgt_${'-_'.repeat(21)}a`, true],
  ])('%j shaped like a token: %s', (value, shaped) => {
    expect(isPersonalTokenShaped(value)).toBe(shaped);
  });
});
