import type { CDPSession, Page } from '@playwright/test';

export type VirtualCredential = {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  userHandle?: string;
  signCount: number;
};

export type VirtualAuthenticator = {
  session: CDPSession;
  authenticatorId: string;
  /** The credentials the authenticator holds, as Chromium reports them (ids in base64, not base64url). */
  credentials(): Promise<VirtualCredential[]>;
  /** Whether the next ceremony's user verification succeeds: false plays a person who fails the PIN or biometric. */
  setUserVerified(verified: boolean): Promise<void>;
  remove(): Promise<void>;
};

/**
 * Gives the page Chromium's CDP virtual authenticator: a platform passkey
 * store (CTAP2, internal transport, resident keys, user verification that
 * succeeds), so navigator.credentials.create/get answer without a person.
 * Chromium picks the first matching credential itself; no prompt is shown.
 */
export async function addVirtualAuthenticator(page: Page): Promise<VirtualAuthenticator> {
  const session = await page.context().newCDPSession(page);
  await session.send('WebAuthn.enable');
  const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    session,
    authenticatorId,
    async credentials() {
      const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    async setUserVerified(verified) {
      await session.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: verified });
    },
    async remove() {
      await session.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await session.detach();
    },
  };
}
