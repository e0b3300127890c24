import type { Metadata } from 'next';
import { PageHeading } from '@/components/page-heading';
import { PasskeyManager } from '@/components/settings/passkeys/passkey-manager';
import { requireActor } from '@/lib/server/auth/require-actor';
import { getPasskeySettings } from '@/lib/server/passkeys/get-passkey-settings';

export const metadata: Metadata = { title: 'Passkeys · One-Roof Release Gate' };

export default async function PasskeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor('/settings/passkeys');
  const settings = await getPasskeySettings({ actor });
  // Set by the single sign-on step-up when it brings the person back; checked (and used up) by the server.
  const grant = (await searchParams).stepUpGrant;
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-6">
      <PageHeading title="Passkeys">
        A passkey signs your ratifications: the signature proves that your authenticator approved the exact
        bundle digest, and anyone can check it later without this server. Adding or removing a passkey needs a
        fresh confirmation; once you have one, that confirmation is a passkey, not your password.
      </PageHeading>
      {settings.mayManage ? (
        <PasskeyManager
          passkeys={settings.passkeys}
          stepUp={settings.stepUp}
          stepUpGrant={typeof grant === 'string' ? grant : null}
        />
      ) : (
        <p data-testid="passkeys-not-allowed" className="text-sm">
          Only approvers register passkeys: they are how a ratification is signed.
        </p>
      )}
    </main>
  );
}
