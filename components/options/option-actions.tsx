import Link from 'next/link';
import type { ReleaseOption } from '@/lib/release-options';

/** What the signed-in person may do; a null permission means allowed, a string is the reason they may not. */
export type OptionPermissions = { ratify: string | null; authorize: string | null; apply: string | null };

type Action = { label: string; href: string; refusal: string | null };

export function OptionActions({
  number,
  proposalCode,
  may,
}: {
  number: ReleaseOption['number'];
  proposalCode: string;
  may: OptionPermissions;
}) {
  const proposal = `/proposals/${proposalCode}`;
  const actions: Action[] =
    number === 1
      ? [
          { label: 'Rehearse tiers 1–6 on the clone first', href: '/runs', refusal: may.apply },
          { label: `Review what it did, then ratify ${proposalCode}`, href: proposal, refusal: may.ratify },
          { label: 'Apply tiers to production once the gate is open', href: '/runs', refusal: may.apply },
        ]
      : number === 3
        ? [
            { label: 'Authorize structure tiers 1–2 for production', href: proposal, refusal: may.authorize },
            { label: 'Apply tiers 1–2 to production', href: '/runs', refusal: may.apply },
          ]
        : number === 4
          ? [{ label: 'Rehearse on the clone', href: '/runs', refusal: may.apply }]
          : [];

  if (number === 2)
    return <p className="text-sm font-medium">No action: declined, and no override path exists to take.</p>;
  if (number === 5)
    return (
      <p className="text-sm">
        No web action: environments are configured by environment variables. Add staging by setting{' '}
        <code className="font-mono">STAGING_DATABASE_URL</code> and restarting the app.
      </p>
    );
  return (
    <ul className="space-y-1.5 text-sm">
      {actions.map((action) => (
        <li key={action.label}>
          {action.refusal === null ? (
            <Link
              href={action.href}
              className="inline-block rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
            >
              {action.label}
            </Link>
          ) : (
            <p className="text-zinc-700 dark:text-zinc-300">
              <span className="font-medium">{action.label}:</span> {action.refusal}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
