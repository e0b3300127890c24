import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/safe-callback-url';

const origin = 'https://gate.example.com';

/** Where a browser would land if the app handed it `result` (a redirect Location or router.push). */
const landing = (result: string) => new URL(result, origin);

describe('safeCallbackUrl', () => {
  // Each of these, handed to a browser as it was, leaves this origin or runs script.
  const hostile = [
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/%09/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    ' //evil.example',
    '\t//evil.example',
    'https:evil.example',
    'https:/evil.example',
    'HTTPS://evil.example',
    'https://evil.example/path',
    'http://gate.example.com/', // another scheme is another origin
    'https://gate.example.com@evil.example/',
    '//gate.example.com@evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '/.//evil.example',
    '/./\\evil.example',
    '/%2e//evil.example',
    '/a/../\\/evil.example',
    '\u0000//evil.example',
    `/${'a'.repeat(5000)}//evil.example`,
  ];
  const cases = hostile.map((input) => [JSON.stringify(input).slice(0, 60), input] as const);
  it.each(cases)('keeps %s on this origin', (_label, input) => {
    const result = safeCallbackUrl(input, origin);
    expect(result.startsWith('/')).toBe(true);
    expect(result.startsWith('//')).toBe(false);
    expect(result).not.toMatch(/[\\\t\r\n\0]/);
    expect(landing(result).origin).toBe(origin);
    // Handing the result back in is stable: the client and the server agree on it.
    expect(safeCallbackUrl(result, origin)).toBe(result);
  });

  // Every hostile form above that a browser would read as a path still lands on this origin,
  // and the encoded ones stay encoded (a %2F is a character of a segment, never a separator).
  it('keeps an encoded double slash as a path on this origin', () => {
    const result = safeCallbackUrl('/%2F%2Fevil.example', origin);
    expect(result).toBe('/%2F%2Fevil.example');
    expect(landing(result).origin).toBe(origin);
  });

  const kept: Array<[unknown, string]> = [
    ['/', '/'],
    ['/runs/abc?tab=log#tier-3', '/runs/abc?tab=log#tier-3'],
    ['/audit?kind=tier.applied', '/audit?kind=tier.applied'],
    ['https://gate.example.com/proposals', '/proposals'],
    ['runs', '/runs'],
  ];
  it.each(kept)('keeps %j as %j', (input, expected) => {
    expect(safeCallbackUrl(input, origin)).toBe(expected);
  });

  const fallback: unknown[] = [undefined, null, '', 42, ['//evil.example'], { href: '/' }];
  it.each(fallback)('falls back to / for %j', (input) => {
    expect(safeCallbackUrl(input, origin)).toBe('/');
  });

  it('reads the first of repeated query values', () => {
    expect(safeCallbackUrl(['/runs', '//evil.example'], origin)).toBe('/runs');
  });
});
