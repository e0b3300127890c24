import { runPasskeyCeremony } from '@/components/passkeys/run-passkey-ceremony';
import { initialActionState } from '@/lib/action-state';
import { beginRatifyAssertionAction } from '@/lib/actions/ratify-passkey-challenge';
import { ratifyProposalAction } from '@/lib/actions/ratify-proposal';

export type RatifyState = Awaited<ReturnType<typeof ratifyProposalAction>>;

/** Asks the server for a challenge bound to this digest, has the passkey sign it, and ratifies with the signed answer. */
export async function signWithPasskey(
  previous: RatifyState,
  form: FormData,
  digest: string,
): Promise<RatifyState> {
  const request = new FormData();
  request.set('digest', digest);
  const begun = await beginRatifyAssertionAction(initialActionState, request);
  if (!begun.ok || !begun.data) return { ok: false, code: begun.code, message: begun.message };
  const signed = await runPasskeyCeremony({ authenticate: begun.data }, 'nothing was ratified');
  if (!signed.ok) return signed;
  form.delete('method');
  form.delete('password');
  form.set('passkeyResponse', signed.json);
  return ratifyProposalAction(previous, form);
}
