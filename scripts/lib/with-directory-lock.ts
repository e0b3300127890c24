import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `work` while holding `dir` (made with mkdir, which only one process wins) between processes of
 * one machine; a dead holder's lock is taken over.
 */
export async function withDirectoryLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path.join(dir, 'pid'), 'utf8').catch(() => '0'));
      if (holder && !alive(holder)) await rm(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  await writeFile(path.join(dir, 'pid'), String(process.pid));
  try {
    return await work();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
