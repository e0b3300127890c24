'use client';

import { useState } from 'react';
import { safeCallbackUrl } from '@/lib/safe-callback-url';

/**
 * next-auth's own sign-out exchange (its CSRF token, then the form POST its
 * client sends), written out so every page does not ship that client library.
 */
async function signOut(callbackUrl: string): Promise<string> {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl, json: 'true' }),
  });
  const { url } = (await response.json()) as { url?: string };
  return url ?? callbackUrl;
}

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        signOut('/sign-in').then(
          (url) => window.location.assign(safeCallbackUrl(url, window.location.origin)),
          () => setPending(false),
        );
      }}
      className="rounded-md border border-zinc-300 px-2.5 py-1 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
