import { describe, expect, it } from 'vitest';
import { AUDITED_PER_SOURCE } from '@/lib/server/auth/sign-in-limits';
import { signInWithPassword } from '@/lib/server/auth/sign-in-with-password';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { ctx, useTestDatabases } from '../integration/harness';

const SPRAY = 30;
const attempt = (email: string, ip: string) =>
  signInWithPassword({ email, password: 'Spring2026!', context: ctx({ ip }) }).catch(() => null);

describe('auth: a password spray cannot flood the audit log', () => {
  const db = useTestDatabases('flood');

  it('audits the first failures from a source one by one, then one summary for the window', async () => {
    for (let i = 0; i < SPRAY; i += 1) await attempt(`target-${i}@test.local`, '192.0.2.66');
    const individual = () =>
      getControlPlane().auditEvent.count({ where: { kind: 'auth.sign_in_failed', ip: '192.0.2.66' } });
    expect(await individual()).toBe(AUDITED_PER_SOURCE);

    // Fifteen minutes pass: the window the spray used is now a closed one.
    await db.control.query('UPDATE sign_in_throttles SET "window" = "window" - 1');
    await attempt('someone-else@test.local', '198.51.100.1');
    const summaries = await getControlPlane().auditEvent.findMany({
      where: { kind: 'auth.sign_in_failures_summarized', target: 'source:192.0.2.66' },
    });
    expect(summaries.map((e) => e.data)).toEqual([
      expect.objectContaining({
        source: '192.0.2.66',
        failures: SPRAY,
        unaudited: SPRAY - AUDITED_PER_SOURCE,
      }),
    ]);
    expect(await individual()).toBe(AUDITED_PER_SOURCE);
    // Closed windows are gone, so a later flush cannot write the same summary twice.
    await attempt('someone-else@test.local', '198.51.100.1');
    expect(
      await getControlPlane().auditEvent.count({ where: { kind: 'auth.sign_in_failures_summarized' } }),
    ).toBe(1);
  });
});
