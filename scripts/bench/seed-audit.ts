// Extends a control plane's audit chain to `total` events, fast: hashed here with the app's own
// hashEvent, streamed through one `psql \copy`, with the per-row head trigger skipped
// (session_replication_role = replica, superuser only) and the head moved once at the end.
// The result is a chain the app's verifier accepts, as if every event had been appended.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type HashedEvent, hashEvent } from '@/lib/server/audit/hash-event';

const COLUMNS =
  'seq, id, kind, actor_id, actor_label, actor_roles, target, digest, outcome, reason, request_id, ip, data, created_at, prev_hash, hash';

// COPY's text format: backslash, tab and newline escaped, null as \N.
const field = (value: string | null) =>
  value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

function row(event: HashedEvent, hash: string): string {
  return `${[
    event.seq,
    event.id,
    event.kind,
    event.actorId,
    event.actorLabel,
    `{${event.actorRoles.join(',')}}`,
    event.target,
    event.digest,
    event.outcome,
    event.reason,
    event.requestId,
    event.ip,
    JSON.stringify(event.data),
    event.createdAt,
    event.prevHash,
    hash,
  ]
    .map(field)
    .join('\t')}\n`;
}

export async function seedAuditEvents(options: { url: string; total: number }): Promise<number> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const head = (
      await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1')
    ).rows[0];
    if (!head) throw new Error('audit_head is missing: the control plane is not migrated');
    const from = BigInt(head.seq);
    const count = options.total - Number(from);
    if (count <= 0) return 0;
    const copy = spawn(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-d',
        options.url,
        '-c',
        'SET session_replication_role = replica',
        '-c',
        `\\copy audit_events (${COLUMNS}) FROM pstdin`,
      ],
      { stdio: ['pipe', 'inherit', 'inherit'] },
    );
    const done = new Promise<number | null>((resolve, reject) => {
      copy.on('error', reject);
      copy.on('close', resolve);
    });
    const startedAt = Date.now() - count;
    let prevHash = head.hash;
    let chunk = '';
    for (let i = 1; i <= count; i++) {
      const event: HashedEvent = {
        seq: String(from + BigInt(i)),
        id: randomUUID(),
        kind: 'access.denied',
        actorId: null,
        actorLabel: 'bench-seed',
        actorRoles: ['viewer'],
        target: 'audit:chain',
        digest: null,
        outcome: 'refused',
        reason: null,
        requestId: null,
        ip: null,
        data: { permission: 'audit.read' },
        createdAt: new Date(startedAt + i).toISOString(),
        prevHash,
      };
      prevHash = hashEvent(event);
      chunk += row(event, prevHash);
      if (chunk.length > 1 << 20 || i === count) {
        if (!copy.stdin.write(chunk)) await new Promise((resolve) => copy.stdin.once('drain', resolve));
        chunk = '';
      }
    }
    copy.stdin.end();
    const code = await done;
    if (code !== 0) throw new Error(`psql \\copy of the audit events failed (${code})`);
    await client.query('SET session_replication_role = replica');
    await client.query('UPDATE audit_head SET seq = $1, hash = $2, updated_at = now() WHERE id = 1', [
      String(from + BigInt(count)),
      prevHash,
    ]);
    await client.query("SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), $1)", [
      String(from + BigInt(count)),
    ]);
    await client.query('ANALYZE audit_events');
    return count;
  } finally {
    await client.end();
  }
}
