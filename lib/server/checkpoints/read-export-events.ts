// No 'server-only' and no database: this reads an exported file offline.
import { open } from 'node:fs/promises';
import { DomainError } from '@/lib/errors';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';

export type ExportItem = { header: { exportedAt: string | null } } | { event: ExportedEvent };

/**
 * The events of a JSON audit export, one at a time in file order, in
 * constant memory: the file is scanned as it streams, and each element of the
 * top-level "events" array is parsed alone. The header fields read before the
 * array come first. Checking the events' shape and chain is verifyAuditExport's
 * work; a malformed event here only ever fails to match a checkpoint.
 */
export async function* readExportEvents(file: string): AsyncGenerator<ExportItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inEvents = false;
  let text = '';
  let key: string | null = null;
  let expectingValue = false;
  let exportedAt: string | null = null;
  let element = '';
  for await (const chunk of readChunks(file)) {
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (depth === 1 && expectingValue && key === 'exportedAt') exportedAt = JSON.parse(`"${text}"`);
          else if (depth === 1 && !expectingValue) key = JSON.parse(`"${text}"`);
          continue;
        }
        if (depth === 1) text += c;
        continue;
      }
      if (c === '"') {
        inString = true;
        text = '';
      } else if (c === ':' && depth === 1) expectingValue = true;
      else if (c === ',' && depth === 1) expectingValue = false;
      else if (c === '{' || c === '[') {
        if (depth === 1 && c === '[' && key === 'events' && expectingValue) {
          inEvents = true;
          yield { header: { exportedAt } };
        } else if (inEvents && depth === 2) start = i;
        depth += 1;
      } else if (c === '}' || c === ']') {
        depth -= 1;
        if (inEvents && depth === 2) {
          yield { event: parseEvent(file, element + chunk.slice(start, i + 1)) };
          element = '';
        } else if (inEvents && depth === 1) inEvents = false;
      }
    }
    if (inEvents && depth > 2) element += chunk.slice(start);
  }
}

async function* readChunks(file: string): AsyncGenerator<string> {
  try {
    const handle = await open(file, 'r');
    yield* handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('NOT_FOUND', `${file} cannot be read: ${(error as Error).message}`, { file });
  }
}

function parseEvent(file: string, text: string): ExportedEvent {
  try {
    return JSON.parse(text) as ExportedEvent;
  } catch (error) {
    throw new DomainError(
      'INVALID_INPUT',
      `${file} has an event that is not JSON: ${(error as Error).message}`,
      {
        file,
      },
    );
  }
}
