import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { requireDatabaseUrls } from '@/lib/env';
import { PrismaClient } from '@/lib/generated/prisma/client';

const cache = globalThis as unknown as { controlPlaneClients?: Map<string, PrismaClient> };

/** The Prisma client for the control plane, one per URL per process (survives dev reloads). */
export function getControlPlane(url: string = requireDatabaseUrls().control): PrismaClient {
  cache.controlPlaneClients ??= new Map();
  let client = cache.controlPlaneClients.get(url);
  if (!client) {
    client = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: 8 }),
      // Every audited change takes the audit head's row lock; under load, waiting is the right answer.
      transactionOptions: { maxWait: 30_000, timeout: 60_000 },
    });
    cache.controlPlaneClients.set(url, client);
  }
  return client;
}

export async function disconnectControlPlanes(): Promise<void> {
  const clients = [...(cache.controlPlaneClients?.values() ?? [])];
  cache.controlPlaneClients?.clear();
  await Promise.all(clients.map((client) => client.$disconnect()));
}
