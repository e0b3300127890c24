import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type AppEnv, EnvError } from '@/lib/env';

/**
 * next-auth needs a secret shared by every instance. A real deployment sets
 * NEXTAUTH_SECRET; the embedded demo makes one once and keeps it in DATA_DIR.
 */
export async function authSettings(env: AppEnv, embedded: boolean): Promise<Record<string, string>> {
  let secret = env.NEXTAUTH_SECRET;
  if (!secret) {
    if (!embedded)
      throw new EnvError(['NEXTAUTH_SECRET is required with real databases (e.g. `openssl rand -hex 32`)']);
    await mkdir(env.DATA_DIR, { recursive: true });
    const file = path.join(env.DATA_DIR, 'auth-secret');
    if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    secret = (await readFile(file, 'utf8')).trim();
  }
  return { NEXTAUTH_SECRET: secret, NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}` };
}
