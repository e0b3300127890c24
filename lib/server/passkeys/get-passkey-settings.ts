import 'server-only';
import { readEnv } from '@/lib/env';
import type { Actor } from '@/lib/server/auth/actor';
import { hasPermission } from '@/lib/server/auth/permissions';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { listPasskeys, type PasskeyView } from '@/lib/server/passkeys/list-passkeys';

export type PasskeySettings = {
  mayManage: boolean;
  passkeys: PasskeyView[];
  /** How a person without a passkey confirms before adding their first. */
  stepUp: { password: boolean; singleSignOn: boolean };
};

/** What the passkey settings page shows the person: their passkeys and how they can confirm a change. */
export async function getPasskeySettings(options: { actor: Actor }): Promise<PasskeySettings> {
  const user = await getControlPlane().user.findUnique({ where: { id: options.actor.id ?? '' } });
  return {
    mayManage: hasPermission(options.actor, 'passkey.manage'),
    passkeys: await listPasskeys(options),
    stepUp: {
      password: Boolean(user?.passwordHash),
      singleSignOn: Boolean(user?.oidcSubject) && Boolean(readEnv().OIDC_ISSUER),
    },
  };
}
