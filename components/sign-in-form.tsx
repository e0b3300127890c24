'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { safeCallbackUrl } from '@/lib/safe-callback-url';

const sentences: Record<string, string> = {
  WRONG_PASSWORD: 'The email or password is wrong.',
  ACCOUNT_LOCKED: 'Too many failed sign-ins from here. Wait up to 15 minutes, then try again.',
  INVALID_INPUT: 'Enter your email address and your password.',
  AccessDenied:
    'Single sign-on did not give access: the issuer must confirm your email, one of your groups must map to a role, and an existing password account must first be linked by an administrator.',
  SessionRequired: 'Sign in to continue.',
};

function sentenceFor(code: string): string {
  return sentences[code] ?? 'Signing in did not work. Check the email and password and try again.';
}

const inputClass =
  'mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-950';

export function SignInForm({
  callbackUrl,
  singleSignOn,
  embedded,
  initialError,
}: {
  callbackUrl: string;
  singleSignOn: boolean;
  embedded: boolean;
  initialError: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? sentenceFor(initialError) : null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
        callbackUrl,
      });
      if (!result || result.error) {
        setError(sentenceFor(result?.error ?? ''));
        setPending(false);
        return;
      }
      // Judged again here: the prop is the server's verdict, but the router must never trust a string it did not check.
      router.push(safeCallbackUrl(callbackUrl, window.location.origin));
      router.refresh();
    } catch {
      setError('The sign-in service did not answer. Try again in a moment.');
      setPending(false);
    }
  }

  return (
    <div className="mt-6 space-y-4">
      {embedded && (
        <p
          data-testid="demo-notice"
          className="rounded border border-sky-300 bg-sky-50 p-2.5 text-sm dark:border-sky-900 dark:bg-sky-950/40"
        >
          This is a demo instance on embedded databases. Demo users and their passwords are in{' '}
          <code className="font-mono">.data/demo-credentials.txt</code> (printed once at first start).
        </p>
      )}
      <form
        onSubmit={submit}
        aria-describedby={error ? 'sign-in-error' : undefined}
        className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div>
          <label htmlFor="sign-in-email" className="text-sm font-medium">
            Email
          </label>
          <input
            id="sign-in-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="sign-in-password" className="text-sm font-medium">
            Password
          </label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </div>
        {error && (
          <p
            id="sign-in-error"
            role="alert"
            data-testid="action-refusal"
            className="rounded border border-red-300 bg-red-50 p-2.5 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
          >
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {singleSignOn && (
        <button
          type="button"
          onClick={() => signIn('oidc', { callbackUrl })}
          className="w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          Single sign-on
        </button>
      )}
    </div>
  );
}
