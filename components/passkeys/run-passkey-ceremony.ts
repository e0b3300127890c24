import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';

/** One WebAuthn ceremony in the browser: sign a server challenge with a passkey, or create a new passkey. */
export type PasskeyCeremony =
  | { authenticate: PublicKeyCredentialRequestOptionsJSON }
  | { register: PublicKeyCredentialCreationOptionsJSON };

/** The browser's answer as the JSON the server verifies, or a refusal shaped like an action's state. */
export type PasskeyCeremonyResult =
  | { ok: true; json: string }
  | { ok: false; code: 'PASSKEY_REJECTED'; message: string };

/**
 * Runs the ceremony and turns the browser's refusals into one sentence each.
 * `unchanged` says what did not happen ("nothing was ratified"), since a
 * refused ceremony never reaches the server. A browser cannot tell a cancel
 * from a timeout (both are NotAllowedError), so one sentence covers both.
 */
export async function runPasskeyCeremony(
  ceremony: PasskeyCeremony,
  unchanged: string,
): Promise<PasskeyCeremonyResult> {
  try {
    const response =
      'authenticate' in ceremony
        ? await startAuthentication({ optionsJSON: ceremony.authenticate })
        : await startRegistration({ optionsJSON: ceremony.register });
    return { ok: true, json: JSON.stringify(response) };
  } catch (error) {
    return { ok: false, code: 'PASSKEY_REJECTED', message: ceremonyRefusal(error, unchanged) };
  }
}

function ceremonyRefusal(error: unknown, unchanged: string): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError')
    return `The passkey request was cancelled or timed out, so ${unchanged}. Try again with your authenticator at hand.`;
  if (name === 'InvalidStateError')
    return `This authenticator already holds one of your passkeys, so ${unchanged}. Use another authenticator, or keep the one you have.`;
  if (name === 'SecurityError')
    return `Your browser refused to use a passkey for this address, so ${unchanged}. Open the gate at its configured address.`;
  const detail = error instanceof Error ? error.message : String(error);
  return `Your browser could not use your passkey (${detail}), so ${unchanged}.`;
}
