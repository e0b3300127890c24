import 'server-only';
import { applyMigrations, type MigrationReport } from '@/lib/server/db/apply-migrations';
import { withDirectClient } from '@/lib/server/db/with-direct-client';

function signedInAs(url: string): Promise<string> {
  return withDirectClient(
    url,
    async (client) =>
      (await client.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role as string,
  );
}

/**
 * Migrates the control plane as its owner and, when the app signs in as
 * another role, grants that role what the app needs and nothing that could
 * rewrite the audit trail (one_roof_grant_app_role, in the migrations). With a
 * single credential the owner is the app, and nothing is granted.
 */
export async function migrateControlPlane(options: {
  ownerUrl: string;
  appUrl: string;
}): Promise<MigrationReport & { appRole: string | null }> {
  const report = await applyMigrations({ url: options.ownerUrl });
  if (options.ownerUrl === options.appUrl) return { ...report, appRole: null };
  const [owner, app] = await Promise.all([signedInAs(options.ownerUrl), signedInAs(options.appUrl)]);
  if (owner === app) return { ...report, appRole: null };
  await withDirectClient(options.ownerUrl, (client) =>
    client.query('SELECT one_roof_grant_app_role($1)', [app]),
  );
  return { ...report, appRole: app };
}
