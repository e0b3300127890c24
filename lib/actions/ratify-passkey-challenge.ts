'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import {
  beginRatifyAssertion,
  beginRatifyAssertionInput,
} from '@/lib/server/passkeys/begin-ratify-assertion';

/** The WebAuthn request the ratify dialog hands to the passkey: its challenge commits to the digest shown. */
export const beginRatifyAssertionAction = permissionActionClient('proposal.ratify')
  .metadata({ actionName: 'beginRatifyAssertion' })
  .inputSchema(beginRatifyAssertionInput)
  .action(async ({ input, ctx }) => ({
    message: 'Confirm with your passkey.',
    data: await beginRatifyAssertion({ ...ctx, ...input }),
  }));
