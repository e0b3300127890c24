import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Actor } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';

export type RatifyResult = { ratificationId: string; approvalRowId: string; replay: boolean };

/**
 * The ratification an earlier request with this request id wrote, answered
 * as a replay; null when there is none. A request id is the dialog's, so one
 * that names another person's ratification is a forged or confused request.
 */
export async function findReplayedRatification(options: {
  requestId: string;
  actor: Actor;
}): Promise<RatifyResult | null> {
  const replayed = await getControlPlane().ratification.findUnique({
    where: { requestId: options.requestId },
  });
  if (!replayed) return null;
  if (replayed.approverId !== options.actor.id) {
    throw new DomainError(
      'INVALID_INPUT',
      'This request id belongs to another ratification; reopen the dialog.',
    );
  }
  return { ratificationId: replayed.id, approvalRowId: replayed.approvalRowId, replay: true };
}
