import Link from 'next/link';
import type { ReleaseOption } from '@/lib/release-options';
import { type OptionPermissions, optionViews } from './option-views';

export function OptionActions({
  number,
  proposalCode,
  may,
}: {
  number: ReleaseOption['number'];
  proposalCode: string;
  may: OptionPermissions;
}) {
  const { actions } = optionViews[number];
  if (typeof actions !== 'function') return actions;
  return (
    <ul className="space-y-1.5 text-sm">
      {actions(proposalCode, may).map((action) => (
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
