import { describe, expect, it } from 'vitest';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';

const urls = [
  'postgresql://gate:s3cr%40t@db-prod.internal.example:6543/prod',
  'postgresql://postgres@127.0.0.1:41234/clone',
];

describe('redactTargetMessage', () => {
  it.each([
    ['connect ECONNREFUSED 127.0.0.1:41234', 'connect ECONNREFUSED <host>'],
    ['connect ECONNREFUSED ::1:5432', 'connect ECONNREFUSED <host>'],
    ['connect ETIMEDOUT [2001:db8::1]:5432', 'connect ETIMEDOUT <host>'],
    ['getaddrinfo ENOTFOUND db-prod.internal.example', 'getaddrinfo ENOTFOUND <redacted>'],
    ['connect ECONNREFUSED db-prod.internal.example:6543', 'connect ECONNREFUSED <host>'],
    ['password authentication failed, tried s3cr@t', 'password authentication failed, tried <redacted>'],
    ['server at 6543 went away', 'server at <redacted> went away'],
    ['could not connect to postgresql://gate:s3cr%40t@db:1/x now', 'could not connect to <url> now'],
    ['connect ENOENT /var/run/postgresql/.s.PGSQL.5432', 'connect ENOENT <socket>'],
    ['is the server running on port 5432?', 'is the server running on port <port>?'],
    ['reset at 12:30:45 by fe80::1ff:fe23:4567:890a', 'reset at 12:30:45 by <host>'],
    ['Connection terminated unexpectedly', 'Connection terminated unexpectedly'],
    ['line one\nline\u0000two', 'line one line two'],
  ])('%j → %j', (message, expected) => {
    expect(redactTargetMessage({ message, urls })).toBe(expected);
  });

  it('caps what it keeps', () => {
    const kept = redactTargetMessage({ message: 'x'.repeat(10_000), urls });
    expect(kept.length).toBeLessThan(10_000);
    expect(kept.startsWith('xxx')).toBe(true);
  });

  it('keeps words that only contain a secret', () => {
    expect(redactTargetMessage({ message: 'relation 65430 and port65430', urls })).toBe(
      'relation 65430 and port65430',
    );
  });
});
