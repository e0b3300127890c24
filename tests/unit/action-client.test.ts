import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';

const state = vi.hoisted(() => ({
  actor: null as null | { id: string; label: string; roles: Array<{ role: string; level: null }> },
  audited: [] as Array<{ kind: string; code: string }>,
  revalidated: [] as string[],
}));

vi.mock('next/cache', () => ({
  revalidatePath: (path: string, type?: string) => state.revalidated.push(`${path}${type ? ` ${type}` : ''}`),
}));
vi.mock('@/lib/server/auth/get-current-actor', () => ({
  getCurrentActor: async () => state.actor,
  getRequestContext: async () => ({ requestId: 'request-1', ip: null }),
}));
vi.mock('@/lib/server/audit/record-refusal', () => ({
  recordRefusal: async (meta: { kind: string }, refusal: DomainError) => {
    state.audited.push({ kind: meta.kind, code: refusal.code });
  },
  auditRefusals: async (meta: { kind: string }, operation: () => Promise<unknown>) => {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof DomainError) state.audited.push({ kind: meta.kind, code: error.code });
      throw error;
    }
  },
}));

const { formAction } = await import('@/lib/server/auth/action-client');

const operator = { id: 'u1', label: 'op@example.test', roles: [{ role: 'operator', level: null }] };

const resetClone = formAction(
  'resetClone',
  z.object({ note: z.string().min(3, 'Say more.') }),
  async ({ note, actor }) => {
    if (note === 'refuse') throw new DomainError('LOCKED', 'Run 7 holds it.');
    if (note === 'crash') throw new Error('fault');
    return { note, by: actor.label };
  },
  {
    permission: 'clone.reset',
    revalidates: 'all',
    outcome: (result) => ({ message: `Reset by ${result.by}: ${result.note}`, data: { note: result.note } }),
  },
);

const nameToken = formAction('nameToken', z.object({}), async () => null, {
  revalidates: '/settings/tokens',
  outcome: () => ({ message: 'Named.' }),
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

beforeEach(() => {
  state.actor = operator;
  state.audited = [];
  state.revalidated = [];
});

describe('the action client', () => {
  const cases: Array<{
    name: string;
    actor?: null | typeof operator;
    input: unknown;
    expected: Record<string, unknown>;
    audited: Array<{ kind: string; code: string }>;
    revalidated?: string[];
  }> = [
    {
      name: 'a success carries the message and data, and refreshes the pages it names',
      input: form({ note: 'fresh start' }),
      expected: { ok: true, message: 'Reset by op@example.test: fresh start', data: { note: 'fresh start' } },
      audited: [],
      revalidated: ['/ layout'],
    },
    {
      name: 'bad input comes back as field errors and is audited',
      input: form({ note: 'x' }),
      expected: {
        ok: false,
        code: 'INVALID_INPUT',
        message: 'Some fields need attention.',
        errors: { note: ['Say more.'] },
      },
      audited: [{ kind: 'input.refused', code: 'INVALID_INPUT' }],
    },
    {
      name: 'a body that is not a form is refused before the schema, and audited',
      input: { note: 'fresh start' },
      expected: { ok: false, code: 'INVALID_INPUT' },
      audited: [{ kind: 'input.refused', code: 'INVALID_INPUT' }],
    },
    {
      name: 'a refusal becomes its headline and sentence',
      input: form({ note: 'refuse' }),
      expected: { ok: false, code: 'LOCKED', message: 'Another run holds this environment. Run 7 holds it.' },
      audited: [],
    },
    {
      name: 'a signed-out caller is refused before the form is read, and leaves no trace',
      actor: null,
      input: 'not a form',
      expected: { ok: false, code: 'UNAUTHENTICATED' },
      audited: [],
    },
    {
      name: 'a person without the permission is refused and the refusal is audited as access.denied',
      actor: { ...operator, roles: [{ role: 'viewer', level: null }] },
      input: form({ note: 'fresh start' }),
      expected: { ok: false, code: 'FORBIDDEN' },
      audited: [{ kind: 'access.denied', code: 'FORBIDDEN' }],
    },
  ];

  it.each(cases)('$name', async ({ actor, input, expected, audited, revalidated = [] }) => {
    if (actor !== undefined) state.actor = actor;
    const result = await resetClone({ ok: false, message: '' }, input as FormData);
    expect(result).toMatchObject(expected);
    expect(state.audited).toEqual(audited);
    expect(state.revalidated).toEqual(revalidated);
  });

  it('throws a fault on instead of turning it into a sentence', async () => {
    await expect(resetClone({ ok: false, message: '' }, form({ note: 'crash' }))).rejects.toThrow('fault');
  });

  it('lets any signed-in person through the client without a permission, and refreshes one path', async () => {
    state.actor = { ...operator, roles: [] };
    expect(await nameToken({ ok: false, message: '' }, form({}))).toMatchObject({
      ok: true,
      message: 'Named.',
    });
    expect(state.revalidated).toEqual(['/settings/tokens']);
  });
});
