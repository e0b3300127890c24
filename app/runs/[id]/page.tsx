import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { connection } from 'next/server';
import { LiveRun } from '@/components/runs/live-run';
import { isDomainError } from '@/lib/errors';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { getRun } from '@/lib/server/runner/get-run';

export const metadata: Metadata = { title: 'Run · One-Roof Release Gate' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const actor = await getCurrentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/runs/${id}`)}`);
  const run = await getRun({ id }).catch((error: unknown) => {
    if (isDomainError(error) && (error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND')) notFound();
    throw error;
  });

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <p className="text-sm">
        <Link href="/runs" className="underline underline-offset-2">
          All runs
        </Link>
      </p>
      <h1 className="text-lg font-semibold tracking-tight">
        Run <span className="font-mono text-base">{run.id}</span>
      </h1>
      <LiveRun runId={run.id} initialRun={run} detailed />
    </main>
  );
}
