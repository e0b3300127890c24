'use server';

import { z } from 'zod';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { boundedText } from '@/lib/server/parse-input';
import { beginRatifyAssertion } from '@/lib/server/passkeys/begin-ratify-assertion';

/** The WebAuthn request the ratify dialog hands to the passkey: its challenge commits to the digest shown. */
export const beginRatifyAssertionAction = permissionActionClient('proposal.ratify')
  .metadata({ actionName: 'beginRatifyAssertion' })
  .inputSchema(
    z.object({
      digest: boundedText(64).regex(/^[0-9a-f]{64}$/, 'The digest is missing; reload the page.'),
    }),
  )
  .action(async ({ input, ctx }) => ({
    message: 'Confirm with your passkey.',
    data: await beginRatifyAssertion({ actor: ctx.actor, digest: input.digest }),
  }));
