import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  for (const variable of ['E2E_DATA_DIR', 'E2E_PERSONAS_DATA_DIR', 'E2E_SCALED_DATA_DIR']) {
    const dir = process.env[variable];
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
