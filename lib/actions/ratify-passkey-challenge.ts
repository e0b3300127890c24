'use server';

import { formAction } from '@/lib/server/auth/action-client';
import {
  beginRatifyAssertion,
  beginRatifyAssertionInput,
} from '@/lib/server/passkeys/begin-ratify-assertion';

export const beginRatifyAssertionAction = formAction(
  'beginRatifyAssertion',
  beginRatifyAssertionInput,
  beginRatifyAssertion,
  {
    permission: 'proposal.ratify',
    outcome: (data) => ({ message: 'Confirm with your passkey.', data }),
  },
);
