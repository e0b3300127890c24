import type { Metadata } from 'next';
import { PageHeading } from '@/components/page-heading';
import { TokenManager } from '@/components/settings/token-manager';
import { listPersonalTokens } from '@/lib/server/auth/list-personal-tokens';
import { requireActor } from '@/lib/server/auth/require-actor';

export const metadata: Metadata = { title: 'Tokens · One-Roof Release Gate' };

export default async function TokensPage() {
  const actor = await requireActor('/settings/tokens');
  const tokens = await listPersonalTokens({ actor });
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6">
      <PageHeading title="Personal tokens">
        A token lets the CLI prove it acts for you (<code>GATE_TOKEN</code>), instead of your password on
        standard input. It is shown once when created; only its hash is kept. Revoke a token you no longer
        use.
      </PageHeading>
      <TokenManager tokens={tokens} now={new Date().toISOString()} />
    </main>
  );
}
