// No 'server-only': the offline verifier lists and reads a checkpoint directory with this too.
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The file a checkpoint of a tree size is kept in; zero-padded so a listing sorts by size. */
export function checkpointFileName(size: number): string {
  return `${String(size).padStart(16, '0')}.checkpoint`;
}

/** The file holding the verifier key strings of the keys that signed checkpoints here, one per line. */
export const VERIFIER_KEY_FILE = 'verifier-key.txt';

const CHECKPOINT_FILE = /^([0-9]{16})\.checkpoint$/;

/** Tree sizes with a checkpoint in dir, largest first; none when the directory does not exist yet. */
export async function listCheckpointSizes(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => CHECKPOINT_FILE.exec(name)?.[1])
    .filter((size): size is string => size !== undefined)
    .map(Number)
    .sort((a, b) => b - a);
}

export async function readCheckpointFile(dir: string, size: number): Promise<string> {
  return readFile(path.join(dir, checkpointFileName(size)), 'utf8');
}

/**
 * Creates dir/name holding text, durably, or leaves an existing file alone
 * and returns false. The text is written and fsynced under a unique name,
 * then hard-linked into place: link never replaces a file, so a name is
 * written once by whichever writer comes first and is never seen half
 * written. The directory is fsynced so the new name survives a crash.
 */
export async function createFileOnce(dir: string, name: string, text: string): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  let created = true;
  try {
    await link(temporary, path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    await unlink(temporary);
  }
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return created;
}

/** Adds a line to a file only ever appended to, unless the line is already there. */
export async function appendLineOnce(dir: string, name: string, line: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.split('\n').includes(line)) return;
  const handle = await open(file, 'a', 0o644);
  try {
    await handle.appendFile(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
