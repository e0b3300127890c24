import { ShortDigest } from '@/components/short-digest';
import { Timestamp } from '@/components/timestamp';
import type { ProposalView } from '@/lib/server/ratification/get-proposal-view';
import { RevokeDialog } from './revoke-dialog';

type Ratification = ProposalView['ratifications'][number];

const badgeClass = 'inline-block rounded border px-1.5 py-0.5 text-xs font-medium';

function Badge({ ratification }: { ratification: Ratification }) {
  if (ratification.revokedAt)
    return (
      <span className={`${badgeClass} border-red-700 text-red-800 dark:border-red-400 dark:text-red-300`}>
        Revoked
      </span>
    );
  if (ratification.stale)
    return (
      <span
        className={`${badgeClass} border-amber-700 text-amber-900 dark:border-amber-400 dark:text-amber-200`}
      >
        Stale: earlier digest, does not count
      </span>
    );
  return (
    <span
      className={`${badgeClass} border-emerald-700 text-emerald-800 dark:border-emerald-400 dark:text-emerald-300`}
    >
      Counts
    </span>
  );
}

function stepUpSentence(ratification: Ratification): string {
  if (ratification.stepUp === 'passkey')
    return ratification.passkeyName
      ? `Signed with passkey ${ratification.passkeyName}`
      : 'Signed with a passkey since removed; the signature is kept with the ratification';
  return ratification.stepUp === 'sso' ? 'Confirmed by single sign-on' : 'Confirmed by password';
}

export function RatificationList({ ratifications }: { ratifications: Ratification[] }) {
  if (ratifications.length === 0) {
    return (
      <p data-testid="ratification-list" className="text-sm text-zinc-600 dark:text-zinc-400">
        No one has ratified this proposal yet.
      </p>
    );
  }
  return (
    <ul
      data-testid="ratification-list"
      className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {ratifications.map((ratification) => (
        <li
          key={ratification.id}
          data-testid="ratification"
          className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 text-sm"
        >
          <div className="space-y-1">
            <p>
              <span className="font-medium">{ratification.approverName || ratification.approverEmail}</span>
              {ratification.approverName && (
                <span className="text-zinc-600 dark:text-zinc-400"> {ratification.approverEmail}</span>
              )}
              <span className="text-zinc-600 dark:text-zinc-400"> · approver {ratification.level}</span>
            </p>
            <p className="text-zinc-600 dark:text-zinc-400">
              At digest <ShortDigest digest={ratification.digest} />,{' '}
              <Timestamp iso={ratification.createdAt} />
            </p>
            <p data-testid="ratification-step-up" className="text-zinc-600 dark:text-zinc-400">
              {stepUpSentence(ratification)}
            </p>
            {ratification.revokedAt && (
              <p className="text-red-800 dark:text-red-300">
                Revoked <Timestamp iso={ratification.revokedAt} />
                {ratification.revokeReason && `: ${ratification.revokeReason}`}
              </p>
            )}
          </div>
          <div className="flex items-center gap-3">
            <Badge ratification={ratification} />
            <RevokeDialog
              ratificationId={ratification.id}
              approver={ratification.approverEmail}
              available={ratification.mayRevoke}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
