import { Section } from '@/components/section';
import { Timestamp } from '@/components/timestamp';
import type { DriftState } from '@/lib/server/drift/read-drift-state';
import { AcknowledgeDriftForm } from './acknowledge-drift-form';
import { DriftEntryList } from './drift-entry-list';
import { ReapplyTierForm } from './reapply-tier-form';

/** One environment's drift: what is unexplained, the tiers whose rows no longer hash right, and how it was resolved. */
export function DriftPanel({
  state,
  canResolve,
  canReapply,
  seedTiers,
}: {
  state: DriftState;
  canResolve: boolean;
  canReapply: boolean;
  /** Only seed tiers restore their rows when run again; structure drift is acknowledged. */
  seedTiers: number[];
}) {
  const { environment, drift, unexplained, acknowledgements } = state;
  const mismatched = drift.tierHashes.filter((tier) => !tier.matches);
  const ledgered = new Set(drift.tierHashes.map((tier) => tier.tier));
  const drifted = [
    ...new Set([
      ...unexplained.entries.flatMap((entry) => (entry.tier === null ? [] : [entry.tier])),
      ...unexplained.tiers.map((tier) => tier.tier),
    ]),
  ]
    .filter((tier) => ledgered.has(tier) && seedTiers.includes(tier))
    .sort((a, b) => a - b);
  return (
    <Section
      id={`drift-${environment}`}
      title={`Drift on ${environment}`}
      description={`${drift.total} direct write${drift.total === 1 ? '' : 's'} recorded; ${unexplained.entries.length}${unexplained.more ? '+' : ''} unexplained.`}
    >
      <p
        data-testid={`drift-verdict-${environment}`}
        className={`text-sm ${unexplained.sentence ? 'font-medium text-red-800 dark:text-red-300' : 'text-emerald-800 dark:text-emerald-300'}`}
      >
        {unexplained.sentence ??
          `Nothing unexplained: every governed row on ${environment} is accounted for.`}
      </p>
      {mismatched.length > 0 && (
        <ul className="space-y-1 text-sm">
          {mismatched.map((tier) => (
            <li key={tier.tier} data-testid="drift-tier-hash" className="[overflow-wrap:anywhere]">
              Tier {tier.tier}: ledger <code className="font-mono text-xs">{tier.stored ?? 'none'}</code>,
              rows now <code className="font-mono text-xs">{tier.recomputed}</code>
              {unexplained.tiers.some((open) => open.tier === tier.tier) ? '' : ' (acknowledged)'}
            </li>
          ))}
        </ul>
      )}
      {canResolve && unexplained.unexplained && (
        <AcknowledgeDriftForm
          environment={environment}
          seenDriftId={String(unexplained.entries[0]?.id ?? '')}
          seenTierHashes={unexplained.tiers.map((tier) => `${tier.tier}:${tier.recomputed}`)}
        />
      )}
      {canReapply && drifted.length > 0 && (
        <div className="flex flex-wrap gap-3" data-testid={`reapply-${environment}`}>
          {drifted.map((tier) => (
            <ReapplyTierForm key={tier} environment={environment} tier={tier} />
          ))}
        </div>
      )}
      {drift.entries.length > 0 && (
        <DriftEntryList entries={drift.entries} explanations={state.explanations} />
      )}
      {acknowledgements.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label={`Acknowledgements on ${environment}`}>
          {acknowledgements.map((ack) => (
            <li key={ack.id} className="[overflow-wrap:anywhere]">
              {ack.by} acknowledged {ack.upToDriftId ? `writes up to #${ack.upToDriftId}` : 'no write'}
              {ack.tierHashes.length > 0 &&
                ` and tier ${ack.tierHashes.map((t) => t.tier).join(', ')}'s hash`}{' '}
              on <Timestamp iso={ack.at} />: “{ack.reason}”
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
