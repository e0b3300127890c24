import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export type OwnPostgres = { url: string; start: () => void; stop: () => void; remove: () => void };

/**
 * A PostgreSQL 15 server of one test's own, run as the postgres user, so the
 * test can stop it (immediate mode, as a crash would) without touching the
 * shared server. remove() stops it and deletes its files.
 */
export function ownPostgres(port: number): OwnPostgres {
  const dir = mkdtempSync('/tmp/one-roof-own-pg-');
  chmodSync(dir, 0o777);
  const asPostgres = (...args: string[]) => {
    const result = spawnSync('runuser', ['-u', 'postgres', '--', ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  };
  const data = path.join(dir, 'data');
  const start = () =>
    asPostgres(
      `${PGBIN}/pg_ctl`,
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    );
  const stop = () => asPostgres(`${PGBIN}/pg_ctl`, '-D', data, '-m', 'immediate', '-w', 'stop');
  asPostgres(
    `${PGBIN}/initdb`,
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  );
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove: () => {
      try {
        stop();
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
