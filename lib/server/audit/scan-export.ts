// No 'server-only' and no database: the offline verifier and checkpoint tools read an exported file with this.
import { open } from 'node:fs/promises';
import { DomainError } from '@/lib/errors';

/**
 * One piece of a JSON audit export as it streams: `header` is the text before the events array, closed so it parses
 * with an empty array; `event` is one element of the array, as text; `outer` comes last and is the whole file with
 * the events left out, to check the header and anything after the array.
 */
export type ExportPiece = { header: string } | { event: string } | { outer: string };

/**
 * Scans an export as it is read, in constant memory: the header is kept as text, and each element of the top-level
 * "events" array is handed out alone and dropped, so an export of any length is read without holding it.
 */
export async function* scanExport(file: string): AsyncGenerator<ExportPiece> {
  let outer = '';
  let element = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let inEvents = false;
  for await (const chunk of readChunks(file)) {
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') {
        if (depth === 1 && c === '[' && /"events"\s*:\s*$/.test(outer + chunk.slice(start, i))) {
          outer += chunk.slice(start, i + 1);
          start = i + 1;
          inEvents = true;
          yield { header: `${outer}]}` };
        } else if (inEvents && depth === 2) {
          outer += chunk.slice(start, i);
          start = i;
        }
        depth += 1;
      } else if (c === '}' || c === ']') {
        depth -= 1;
        if (inEvents && depth === 2) {
          yield { event: element + chunk.slice(start, i + 1) };
          element = '';
          start = i + 1;
        } else if (inEvents && depth === 1) inEvents = false;
      } else if (c === ',' && inEvents && depth === 2) {
        outer += chunk.slice(start, i);
        start = i + 1;
      }
    }
    if (inEvents && depth > 2) element += chunk.slice(start);
    else outer += chunk.slice(start);
  }
  yield { outer };
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
