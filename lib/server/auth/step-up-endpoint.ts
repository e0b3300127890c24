import 'server-only';
import { readEnv } from '@/lib/env';

export const STEP_UP_COOKIE = 'gate-step-up-state';
export const STEP_UP_PATH = '/api/step-up/oidc';

/** Where the issuer sends the person back: registered at the issuer beside next-auth's own callback. */
export function stepUpEndpoint(request: Request) {
  const origin = readEnv().NEXTAUTH_URL ?? new URL(request.url).origin;
  const base = new URL(origin);
  return {
    origin: base.origin,
    redirectUri: new URL(`${STEP_UP_PATH}/callback`, base).toString(),
    secure:
      base.protocol === 'https:' ||
      request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https',
  };
}
