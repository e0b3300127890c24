import 'server-only';
import { requireDatabaseUrls } from '@/lib/env';

/** rehearsal: may hold rehearsal approvals and never counts for production. */
export type EnvironmentRole = 'rehearsal' | 'production';

export type TargetEnvironment = {
  name: string;
  role: EnvironmentRole;
  /** What the app applies tiers and reads with; on production, a role that cannot write approvals. */
  url: string;
  /** The credential that writes the gate's tables (os_proposals, os_proposal_approvals). */
  ratifyUrl?: string;
};

export function listEnvironments(): TargetEnvironment[] {
  const urls = requireDatabaseUrls();
  return [
    { name: 'clone', role: 'rehearsal', url: urls.clone },
    {
      name: 'production',
      role: 'production',
      url: urls.production,
      ratifyUrl: urls.productionRatify ?? urls.production,
    },
    ...(urls.staging ? [{ name: 'staging', role: 'rehearsal' as const, url: urls.staging }] : []),
  ];
}
