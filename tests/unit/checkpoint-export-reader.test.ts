import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readExportEvents } from '@/lib/server/checkpoints/read-export-events';

const dir = mkdtempSync(path.join(tmpdir(), 'checkpoint-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Text that a naive scanner would take for structure: brackets, braces, quotes, escapes and the key "events" itself.
const tricky = (i: number) =>
  `"events": [ {${'}'.repeat(i % 3)}] \\" \\\\ ${'x'.repeat(500 + (i % 97))} \u2014 ${i}`;

function exportText(events: unknown[], exportedAt: string, indent?: number): string {
  return JSON.stringify(
    {
      format: 'one-roof-audit-export/1',
      exportedAt,
      head: { seq: String(events.length), hash: 'f'.repeat(64) },
      events,
    },
    null,
    indent,
  );
}

describe('reading an export one event at a time', () => {
  const events = Array.from({ length: 400 }, (_, i) => ({
    seq: String(i + 1),
    kind: 'user.created',
    reason: tricky(i),
    data: { nested: [{ a: tricky(i + 1) }, [], {}], n: i },
  }));

  it.each([
    ['compact', undefined],
    ['indented', 2],
  ])(
    'gives back every event of a %s file larger than one read chunk, in order, and the header first',
    async (_label, indent) => {
      const file = path.join(dir, `export-${indent ?? 0}.json`);
      const exportedAt = '2026-11-28T01:02:03.004Z';
      const text = exportText(events, exportedAt, indent);
      expect(text.length).toBeGreaterThan(3 * 65_536);
      writeFileSync(file, text);
      const items = [];
      for await (const item of readExportEvents(file)) items.push(item);
      expect(items[0]).toEqual({ header: { exportedAt } });
      expect(items.slice(1)).toEqual(events.map((event) => ({ event })));
    },
  );

  it('refuses a file it cannot read, naming it', async () => {
    const missing = path.join(dir, 'missing.json');
    await expect(async () => {
      for await (const _ of readExportEvents(missing)) break;
    }).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
