'use client';

import { useState } from 'react';
import type { ActionState } from '@/lib/action-state';
import { initialActionState } from '@/lib/action-state';

/** What the browser's WebAuthn refusals mean to the person; nothing was changed in any of them. */
function ceremonyRefusal(error: unknown): ActionState<never> {
  const name = error instanceof Error ? error.name : '';
  const message =
    name === 'NotAllowedError'
      ? 'The passkey request was cancelled or timed out. Nothing was changed; try again.'
      : name === 'InvalidStateError'
        ? 'This authenticator already holds one of your passkeys. Use another authenticator, or keep the one you have.'
        : `Your browser could not use a passkey here (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`;
  return { ok: false, code: 'PASSKEY_REJECTED', message };
}

/**
 * Runs one passkey ceremony (actions and authenticator prompts) at a time:
 * `pending` while it runs, its outcome in `state`, and a browser's refusal
 * turned into a sentence rather than thrown.
 */
export function usePasskeyCeremony() {
  const [state, setState] = useState<ActionState<unknown>>(initialActionState);
  const [pending, setPending] = useState(false);
  async function run(ceremony: () => Promise<ActionState<unknown>>) {
    setPending(true);
    try {
      setState(await ceremony());
    } catch (error) {
      setState(ceremonyRefusal(error));
    } finally {
      setPending(false);
    }
  }
  return { state, pending, run };
}
