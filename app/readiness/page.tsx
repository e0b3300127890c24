import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { ReadinessBoard } from '@/components/readiness/readiness-board';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { getReadiness } from '@/lib/server/release/get-readiness';

export const metadata: Metadata = { title: 'Readiness · One-Roof Release Gate' };

export default async function ReadinessPage() {
  await connection();
  if (!(await getCurrentActor())) redirect('/sign-in?callbackUrl=%2Freadiness');
  // getReadiness reports an unreachable database as a failed item rather than throwing.
  const readiness = await getReadiness();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-6">
      <div className="space-y-1">
        <h1 className="text-lg font-semibold tracking-tight">Readiness</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Whether the seed tiers may be applied to production now. The blocker is the first unmet item, in the
          order a person would have to clear them.
        </p>
      </div>
      <ReadinessBoard initial={readiness} />
    </main>
  );
}
