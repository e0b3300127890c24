import 'server-only';
import type { OwnershipMatrix } from '@/lib/server/coverage/read-ownership-matrix';

function quote(value: string): string {
  // A leading formula character would run in a spreadsheet.
  const safe = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per cell: environment, collection, domain authority, responsibility, covering authority (empty for a gap). */
export function ownershipCsv(matrix: OwnershipMatrix): string {
  const lines = [['environment', 'collection', 'domain_authority', 'responsibility', 'authority'].join(',')];
  for (const row of matrix.rows) {
    for (const kind of matrix.kinds) {
      lines.push(
        [matrix.environment, row.collection, row.domainAuthority, kind.code, row.cells[kind.code] ?? '']
          .map(quote)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
