import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A private copy of the One-Roof bundle that a test may break. */
export async function copyBundle(): Promise<{ dir: string; edit: EditFile; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'one-roof-unit-'));
  await cp('releases/one-roof-authmodel', dir, { recursive: true });
  const edit: EditFile = async (file, change) => {
    const full = path.join(dir, file);
    await writeFile(full, change(await readFile(full, 'utf8')));
  };
  return { dir, edit, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type EditFile = (file: string, change: (text: string) => string) => Promise<void>;
