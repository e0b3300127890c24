import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SignInForm } from '@/components/sign-in-form';
import { safeCallbackUrl } from '@/lib/safe-callback-url';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';
import { signInSentences } from '@/lib/server/auth/sign-in-sentences';
import { requestOrigin } from '@/lib/server/http/request-origin';

export const metadata: Metadata = { title: 'Sign in · One-Roof Release Gate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const params = await searchParams;
  // Without a Host header no absolute URL can be ours: an unreachable origin keeps only paths.
  const origin = requestOrigin({ headers: await headers() }) ?? 'http://origin.invalid';
  const callbackUrl = safeCallbackUrl(params.callbackUrl, origin);
  if (await getCurrentActor()) redirect(callbackUrl);
  const error = Array.isArray(params.error) ? params.error[0] : params.error;
  return (
    <main id="main" className="mx-auto max-w-sm px-4 py-10">
      <h1 className="text-lg font-semibold tracking-tight">Sign in to the One-Roof Release Gate</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Every action here is recorded under your name.
      </p>
      <SignInForm
        callbackUrl={callbackUrl}
        singleSignOn={Boolean(process.env.OIDC_ISSUER)}
        embedded={process.env.ONE_ROOF_EMBEDDED === '1'}
        initialError={error ?? null}
        sentences={signInSentences()}
      />
    </main>
  );
}
