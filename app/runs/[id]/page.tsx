import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveRun } from '@/components/runs/live-run';
import { isDomainError } from '@/lib/errors';
import { requireActor } from '@/lib/server/auth/require-actor';
import { getRun } from '@/lib/server/runner/get-run';

export const metadata: Metadata = { title: 'Run · One-Roof Release Gate' };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireActor(`/runs/${id}`);
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
