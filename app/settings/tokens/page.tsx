import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { TokenManager } from '@/components/settings/token-manager';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { listPersonalTokens } from '@/lib/server/auth/list-personal-tokens';

export const metadata: Metadata = { title: 'Tokens · One-Roof Release Gate' };

export default async function TokensPage() {
  await connection();
  const actor = await getCurrentActor();
  if (!actor) redirect('/sign-in?callbackUrl=%2Fsettings%2Ftokens');
  const tokens = await listPersonalTokens({ actor });
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold tracking-tight">Personal tokens</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A token lets the CLI prove it acts for you (<code>GATE_TOKEN</code>), instead of your password on
          standard input. It is shown once when created; only its hash is kept. Revoke a token you no longer
          use.
        </p>
      </div>
      <TokenManager tokens={tokens} now={new Date().toISOString()} />
    </main>
  );
}
