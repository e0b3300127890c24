import 'server-only';
import type { Bundle } from '@/lib/server/bundle/load-bundle';
import { getControlPlane } from '@/lib/server/db/control-plane';
import type { EnvironmentRole } from '@/lib/server/environments/list-environments';
import { readReleaseStatus } from './read-release-status';

export type RunSummary = {
  id: string;
  kind: string;
  status: string;
  tiers: number[];
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
};

export type EnvironmentStatus = {
  name: string;
  role: EnvironmentRole;
  reachable: boolean;
  errorCode: 'TARGET_UNREACHABLE' | null;
  /** A sentence naming the environment and why, never its host, port or the driver's text (server log only). */
  error: string | null;
  gap: number | null;
  appliedTiers: number[];
  lastRun: RunSummary | null;
};

export type ReleaseStatus = {
  bundle: {
    name: string;
    title: string;
    digest: string;
    /** Governed collections × responsibility kinds: the gap before any seed tier. */
    initialGap: number;
    tiers: { tier: number; name: string; gate: string; gapAfter: number }[];
  };
  proposal: {
    code: string;
    title: string;
    quorum: number;
    ratifyingLevels: string[];
    ratifications: number;
    staleRatifications: number;
    gateOpen: boolean;
    blocker: string | null;
    rehearsalComplete: boolean;
  };
  environments: EnvironmentStatus[];
  generatedAt: string;
};

/** How long a read is shared when nothing audited has happened since: long enough to absorb a burst. */
const SHARED_FOR_MS = 1_500;

type Slot = { key: string; settledAt: number | null; status: Promise<ReleaseStatus> };
const memo = globalThis as unknown as { releaseStatus?: { slot?: Slot; head?: Promise<string> } };

/**
 * The document behind GET /api/status and `gate status --json`. Reads are
 * coalesced: at most one read of the targets is in flight, and its result is
 * shared for a moment unless the audit trail has moved on (every ratify,
 * revoke and run appends to it), so a flood of status requests cannot crowd
 * the targets' pools while a ratify or an apply waits. `fresh` skips sharing.
 * Nothing in it names a person, a host or a driver's error text.
 */
export async function getReleaseStatus(
  options: { bundle?: Bundle; fresh?: boolean } = {},
): Promise<ReleaseStatus> {
  if (options.fresh) return readReleaseStatus(options.bundle);
  memo.releaseStatus ??= {};
  const state = memo.releaseStatus;
  const key = `${options.bundle?.digest ?? 'bundle'}@${await latestAuditSeq(state)}`;
  for (;;) {
    const slot = state.slot;
    if (slot && slot.settledAt === null) {
      if (slot.key === key) return slot.status;
      await slot.status.catch(() => {});
      continue;
    }
    if (slot && slot.key === key && Date.now() - (slot.settledAt ?? 0) < SHARED_FOR_MS) return slot.status;
    const next: Slot = { key, settledAt: null, status: readReleaseStatus(options.bundle) };
    state.slot = next;
    next.status.then(
      () => {
        next.settledAt = Date.now();
      },
      () => {
        if (state.slot === next) state.slot = undefined;
      },
    );
    return next.status;
  }
}

function latestAuditSeq(state: { head?: Promise<string> }): Promise<string> {
  state.head ??= getControlPlane().$queryRaw<
    { seq: bigint | null }[]
  >`SELECT max(seq) AS seq FROM audit_events`
    .then((rows) => String(rows[0]?.seq ?? 0))
    .finally(() => {
      state.head = undefined;
    });
  return state.head;
}
