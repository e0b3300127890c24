'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { ActionOutcome } from '@/components/ui/action-outcome';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { safeCallbackUrl } from '@/lib/safe-callback-url';

export function SignInForm({
  callbackUrl,
  singleSignOn,
  embedded,
  initialError,
  sentences,
}: {
  callbackUrl: string;
  singleSignOn: boolean;
  embedded: boolean;
  initialError: string | null;
  /** The sentence for each code next-auth hands back, from the server (lib/errors and the throttle's limits). */
  sentences: Record<string, string>;
}) {
  const sentenceFor = (code: string) =>
    sentences[code] ?? 'Signing in did not work. Check the email and password and try again.';
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
        <TextField
          id="sign-in-email"
          label="Email"
          errors={undefined}
          name="email"
          type="email"
          autoComplete="username"
          required
        />
        <TextField
          id="sign-in-password"
          label="Password"
          errors={undefined}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <div id="sign-in-error">
          <ActionOutcome state={{ ok: false, message: error ?? '' }} />
        </div>
        <Button type="submit" variant="primary" disabled={pending} className="w-full">
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      {singleSignOn && (
        <Button onClick={() => signIn('oidc', { callbackUrl })} className="w-full bg-white dark:bg-zinc-900">
          Single sign-on
        </Button>
      )}
    </div>
  );
}
