import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceFingerprint } from './source-fingerprint';
import { withDirectoryLock } from './with-directory-lock';

const STAMP = path.join('.next', 'one-roof-build.sha256');
// Outside .next, which the build empties.
const BUILD_LOCK = '.one-roof-build.lock';
const NEXT = path.join('node_modules', '.bin', 'next');

async function isBuilt(fingerprint: string): Promise<boolean> {
  return (
    existsSync(path.join('.next', 'BUILD_ID')) &&
    existsSync(STAMP) &&
    (await readFile(STAMP, 'utf8')) === fingerprint
  );
}

function nextBuild(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(NEXT, ['build'], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * `next build` unless the last build was made from these very sources. Several `npm start`s of one
 * checkout (the security tests start their own) take turns, so two builds never write one .next.
 */
export async function buildIfNeeded(options: { env: NodeJS.ProcessEnv; log: (line: string) => void }) {
  const fingerprint = await sourceFingerprint();
  if (await isBuilt(fingerprint)) return options.log('build is up to date');
  await withDirectoryLock(BUILD_LOCK, async () => {
    // Another start may have built while this one waited for the lock.
    if (await isBuilt(fingerprint)) return options.log('build is up to date');
    options.log('building the app (next build)…');
    const code = await nextBuild(options.env);
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
    await writeFile(STAMP, fingerprint);
  });
}
