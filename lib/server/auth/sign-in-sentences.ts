import 'server-only';
import { headlineFor } from '@/lib/errors';
import { PAIR_LIMIT, WINDOW_MS } from '@/lib/server/auth/sign-in-limits';

/**
 * What the sign-in form says for each code next-auth hands back: the refusal
 * codes read as lib/errors words them, with the limits the throttle really
 * applies; next-auth's own codes are not refusals of this app.
 */
export function signInSentences(): Record<string, string> {
  const minutes = WINDOW_MS / 60_000;
  return {
    WRONG_PASSWORD: `${headlineFor('WRONG_PASSWORD')} Check the email and the password.`,
    ACCOUNT_LOCKED: `${headlineFor('ACCOUNT_LOCKED')} After ${PAIR_LIMIT} failures within ${minutes} minutes, wait up to ${minutes} minutes, then try again.`,
    INVALID_INPUT: `${headlineFor('INVALID_INPUT')} Enter your email address and your password.`,
    AccessDenied:
      'Single sign-on did not give access: the issuer must confirm your email, one of your groups must map to a role, and an existing password account must first be linked by an administrator.',
    SessionRequired: headlineFor('UNAUTHENTICATED'),
  };
}
