import 'server-only';
import { formAction } from '@/lib/server/auth/action-client';
import { ownPasskeysInput, type PasskeyCeremony } from '@/lib/server/passkeys/open-passkey-ceremony';

/** The server action that opens a ceremony on the person's own passkeys and hands the browser its options. */
export function passkeyCeremonyAction<R>(
  actionName: string,
  open: (options: PasskeyCeremony) => Promise<R>,
  message: string,
) {
  return formAction(actionName, ownPasskeysInput, open, {
    permission: 'passkey.manage',
    outcome: (data) => ({ message, data }),
  });
}
