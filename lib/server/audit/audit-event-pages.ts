import 'server-only';
import type pg from 'pg';
import type { ExportedEvent } from '@/lib/server/audit/verify-events';

/** Large enough that round trips do not count at a million events, small enough that two pages are a few MiB. */
const PAGE_SIZE = 5_000;

// Positional rows, in the order fromRow reads them. created_at comes as epoch milliseconds (the column keeps
// milliseconds), which is cheaper to turn into the ISO text that was hashed than a timestamp string is.
const COLUMNS = `seq::text, id::text, kind, actor_id::text, actor_label, actor_roles, target, digest, outcome,
  reason, request_id, ip, data, (extract(epoch FROM created_at) * 1000)::float8, prev_hash, hash, code`;

type Queryable = Pick<pg.ClientBase, 'query'> | Pick<pg.Pool, 'query'>;

/**
 * The chain in seq order, one keyset page at a time (seq > the last one
 * seen, never OFFSET), straight from pg without Prisma. The next page is
 * requested as soon as the current one arrives, so the database reads it
 * while the caller checks this one: at most two pages are held at any time.
 * `throughSeq` stops at a head read beforehand.
 */
export async function* auditEventPages(options: {
  client: Queryable;
  throughSeq?: bigint;
  pageSize?: number;
}): AsyncGenerator<ExportedEvent[]> {
  const take = options.pageSize ?? PAGE_SIZE;
  const through = options.throughSeq === undefined ? null : String(options.throughSeq);
  const read = (after: string): Promise<Page> => {
    const pending = readPage(options.client, after, through, take);
    // Settled even if the caller stops reading before it is awaited.
    pending.catch(() => {});
    return pending;
  };
  let next: Promise<Page> | null = read('0');
  while (next) {
    const page: Page = await next;
    next = page.events.length === take ? read(page.lastSeq) : null;
    if (page.events.length > 0) yield page.events;
  }
}

type Page = { events: ExportedEvent[]; lastSeq: string };

async function readPage(
  client: Queryable,
  after: string,
  through: string | null,
  take: number,
): Promise<Page> {
  const result = await client.query<unknown[]>({
    text: `SELECT ${COLUMNS} FROM audit_events
           WHERE seq > $1::bigint AND ($2::bigint IS NULL OR seq <= $2::bigint) ORDER BY audit_events.seq LIMIT $3`,
    values: [after, through, take],
    rowMode: 'array',
  });
  const events = result.rows.map(fromRow);
  return { events, lastSeq: events.at(-1)?.seq ?? after };
}

/** A stored event in exactly the shape appendAuditEvent hashed (see toExportedEvent), plus its hash. */
function fromRow(row: unknown[]): ExportedEvent {
  return {
    seq: row[0] as string,
    id: row[1] as string,
    kind: row[2] as string,
    actorId: row[3] as string | null,
    actorLabel: row[4] as string,
    actorRoles: row[5] as string[],
    target: row[6] as string,
    digest: row[7] as string | null,
    outcome: row[8] as string,
    reason: row[9] as string | null,
    requestId: row[10] as string | null,
    ip: row[11] as string | null,
    data: row[12],
    createdAt: new Date(row[13] as number).toISOString(),
    prevHash: row[14] as string,
    ...(row[16] == null ? {} : { code: row[16] as string }),
    hash: row[15] as string,
  };
}
