import 'server-only';
import { requireDatabaseUrls } from '@/lib/env';

/** rehearsal: may hold rehearsal approvals and never counts for production. */
export type EnvironmentRole = 'rehearsal' | 'production';

export type TargetEnvironment = { name: string; role: EnvironmentRole; url: string };

export function listEnvironments(): TargetEnvironment[] {
  const urls = requireDatabaseUrls();
  return [
    { name: 'clone', role: 'rehearsal', url: urls.clone },
    { name: 'production', role: 'production', url: urls.production },
    ...(urls.staging ? [{ name: 'staging', role: 'rehearsal' as const, url: urls.staging }] : []),
  ];
}
