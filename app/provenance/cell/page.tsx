import type { Metadata } from 'next';
import Link from 'next/link';
import { firstParam } from '@/components/provenance/audit-query';
import { CellAnswer, CellFacts } from '@/components/provenance/cell-answer';
import { CellDrift } from '@/components/provenance/cell-drift';
import { CellPicker } from '@/components/provenance/cell-picker';
import { NoAuditRead } from '@/components/provenance/no-audit-read';
import { Section } from '@/components/section';
import { isDomainError } from '@/lib/errors';
import { getRequestContext } from '@/lib/server/auth/get-current-actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { requireActor } from '@/lib/server/auth/require-actor';
import type { CellProvenance } from '@/lib/server/coverage/cell-provenance';
import { readCellOptions } from '@/lib/server/coverage/read-cell-options';
import { readCellProvenance } from '@/lib/server/coverage/read-cell-provenance';

export const metadata: Metadata = { title: 'Cell provenance · One-Roof Release Gate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CellProvenancePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const choice = {
    environment: firstParam(params, 'environment'),
    collection: firstParam(params, 'collection'),
    responsibility: firstParam(params, 'responsibility'),
  };
  const back = `/provenance/cell?${new URLSearchParams(
    Object.entries(choice).filter((entry): entry is [string, string] => Boolean(entry[1])),
  )}`;
  const actor = await requireActor(back);
  if (!hasPermission(actor, 'audit.read')) return <NoAuditRead title="Cell provenance" />;

  let cell: CellProvenance | null = null;
  let problem: string | null = null;
  if (choice.collection && choice.responsibility) {
    try {
      cell = await readCellProvenance({
        actor,
        context: await getRequestContext(),
        collection: choice.collection,
        responsibility: choice.responsibility,
        environment: choice.environment,
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      problem = `${error.headline} ${error.message}`;
    }
  }
  const options = await readCellOptions();

  return (
    <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <p className="text-sm">
        <Link href="/provenance" className="underline underline-offset-2">
          Provenance
        </Link>
      </p>
      <h1 className="text-lg font-semibold tracking-tight">
        {cell ? (
          <>
            {cell.responsibility} for <span className="font-mono">{cell.collection}</span> on{' '}
            {cell.environment}
          </>
        ) : (
          'Where a cell came from'
        )}
      </h1>
      {cell && (
        <div className="space-y-4">
          <CellAnswer cell={cell} />
          <CellFacts cell={cell} />
          <CellDrift cell={cell} />
        </div>
      )}
      {problem && (
        <p data-testid="action-refusal" role="alert" className="text-sm text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
      {!cell && !problem && (
        <p className="text-sm">
          Pick a collection, a responsibility and an environment to see who covers it.
        </p>
      )}
      {options && (
        <Section id="another-cell" title={cell ? 'Another cell' : 'Pick a cell'}>
          <CellPicker {...options} selected={choice} />
        </Section>
      )}
    </main>
  );
}
