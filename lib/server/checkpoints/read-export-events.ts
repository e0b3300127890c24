// No 'server-only' and no database: this reads an exported file offline.
import { DomainError } from '@/lib/errors';
import { scanExport } from '@/lib/server/audit/scan-export';
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
  for await (const piece of scanExport(file)) {
    if ('header' in piece) yield { header: { exportedAt: exportedAtOf(piece.header) } };
    else if ('event' in piece) yield { event: parseEvent(file, piece.event) };
  }
}

function exportedAtOf(header: string): string | null {
  try {
    const { exportedAt } = JSON.parse(header) as { exportedAt?: unknown };
    return typeof exportedAt === 'string' ? exportedAt : null;
  } catch {
    return null;
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
