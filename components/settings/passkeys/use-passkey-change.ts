'use client';

import { useState } from 'react';
import { type ActionState, initialActionState } from '@/lib/action-state';

/** Runs one passkey change (actions and authenticator prompts) at a time: `pending` while it runs, its outcome in `state`. */
export function usePasskeyChange() {
  const [state, setState] = useState<ActionState<unknown>>(initialActionState);
  const [pending, setPending] = useState(false);
  async function run(change: () => Promise<ActionState<unknown>>) {
    setPending(true);
    try {
      setState(await change());
    } finally {
      setPending(false);
    }
  }
  return { state, pending, run };
}
