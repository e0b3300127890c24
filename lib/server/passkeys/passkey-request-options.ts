import 'server-only';
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';

/**
 * A WebAuthn request that one of the given passkeys must answer, with user
 * verification required. A challenge of ours (base64url) is handed over as
 * bytes: given text, the library would encode its UTF-8, and the challenge
 * signed would not be ours. Without one, the library makes a fresh one.
 */
export async function passkeyRequestOptions(options: {
  rpId: string;
  passkeys: { credentialId: string; transports: string[] }[];
  timeout: number;
  challenge?: string;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: options.rpId,
    ...(options.challenge ? { challenge: new Uint8Array(Buffer.from(options.challenge, 'base64url')) } : {}),
    allowCredentials: options.passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransport[],
    })),
    userVerification: 'required',
    timeout: options.timeout,
  });
}
