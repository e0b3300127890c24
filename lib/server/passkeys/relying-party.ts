import 'server-only';
import { headers as requestHeaders } from 'next/headers';
import { type AppEnv, readEnv } from '@/lib/env';
import { DomainError } from '@/lib/errors';
import { requestOrigin } from '@/lib/server/http/request-origin';

type HeaderSource = { get(name: string): string | null };

export type RelyingParty = { rpId: string; rpName: string; origin: string };

export const RP_NAME = 'One-Roof Release Gate';

/**
 * Who passkeys are made for and asserted to. The configured NEXTAUTH_URL wins
 * (`npm start` always sets it), as it does for the SSO step-up; without it,
 * the origin the same-origin check believes, which under `npm start` never
 * comes from a Host or X-Forwarded-Host header the server did not vet. A
 * browser never lets a page of another origin make a credential for this
 * rpId, and it writes the real origin into clientDataJSON, so a wrong guess
 * here fails verification rather than letting anything through.
 */
export async function relyingParty(
  options: { headers?: HeaderSource; env?: AppEnv } = {},
): Promise<RelyingParty> {
  const env = options.env ?? readEnv();
  const origin = env.NEXTAUTH_URL
    ? new URL(env.NEXTAUTH_URL).origin
    : requestOrigin({ headers: options.headers ?? (await requestHeaders()) });
  if (!origin) {
    throw new DomainError(
      'PASSKEY_UNAVAILABLE',
      'The app cannot tell which address it is served at: set NEXTAUTH_URL to the address people open.',
    );
  }
  return { rpId: new URL(origin).hostname, rpName: RP_NAME, origin };
}
