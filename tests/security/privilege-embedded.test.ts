import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabases, startEmbeddedDatabases } from '@/lib/embedded/start-embedded-databases';

const mode = async (file: string) => (await stat(file)).mode & 0o777;

async function tryConnect(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const result = await client.query<{ answer: number }>('SELECT 41 + 1 AS answer');
    return `connected: ${result.rows[0]?.answer}`;
  } catch (error) {
    return `refused: ${(error as { code?: string }).code ?? (error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function withPassword(url: string, password: string | null): string {
  const parsed = new URL(url);
  parsed.password = password ?? '';
  return parsed.toString();
}

describe('the embedded default requires a password and keeps its files private', () => {
  let parent: string;
  let dataDir: string;
  let embedded: EmbeddedDatabases;

  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'one-roof-embedded-'));
    dataDir = path.join(parent, 'data');
    // An existing, world-readable data dir must be tightened, not trusted.
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const started = await startEmbeddedDatabases({ dataDir });
    if (!started) throw new Error('could not start the embedded databases');
    embedded = started;
  });
  afterAll(async () => {
    await embedded?.stop();
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('makes DATA_DIR 0700, and the password file and embedded.json 0600', async () => {
    expect((await mode(dataDir)).toString(8)).toBe('700');
    expect((await mode(path.join(dataDir, 'embedded-password'))).toString(8)).toBe('600');
    expect((await mode(path.join(dataDir, 'embedded.json'))).toString(8)).toBe('600');
  });

  it('puts the stored password in every URL it publishes', async () => {
    const password = (await readFile(path.join(dataDir, 'embedded-password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(32);
    const published = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8'));
    for (const url of [embedded.urls.control, embedded.urls.clone, embedded.urls.production]) {
      expect(decodeURIComponent(new URL(url).password)).toBe(password);
    }
    expect(published.urls).toEqual(embedded.urls);
  });

  it('refuses a connection with no password or a wrong one, on every database, and accepts the right one', async () => {
    for (const url of [embedded.urls.control, embedded.urls.clone, embedded.urls.production]) {
      expect(await tryConnect(withPassword(url, null))).toMatch(/^refused/);
      expect(await tryConnect(withPassword(url, 'wrong-password'))).toBe('refused: 28P01');
      const password = decodeURIComponent(new URL(url).password);
      expect(await tryConnect(withPassword(url, `${password}x`))).toBe('refused: 28P01');
      expect(await tryConnect(url)).toBe('connected: 42');
    }
  });

  it('keeps serving many authenticated connections at once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => tryConnect(embedded.urls.control)));
    expect(results).toEqual(Array(12).fill('connected: 42'));
  });

  it('keeps the same password when the data dir is opened again', async () => {
    const before = await readFile(path.join(dataDir, 'embedded-password'), 'utf8');
    await embedded.stop();
    const again = await startEmbeddedDatabases({ dataDir });
    if (!again) throw new Error('could not reopen the embedded databases');
    embedded = again;
    expect(await readFile(path.join(dataDir, 'embedded-password'), 'utf8')).toBe(before);
    expect(await tryConnect(embedded.urls.production)).toBe('connected: 42');
  });
});
