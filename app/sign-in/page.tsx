import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { SignInForm } from '@/components/sign-in-form';
import { getCurrentActor } from '@/lib/server/auth/get-current-actor';

export const metadata: Metadata = { title: 'Sign in · One-Roof Release Gate' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Only a path on this site: an absolute or protocol-relative URL would send people elsewhere. */
function safeCallbackUrl(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.startsWith('/') && !text.startsWith('//') && !text.startsWith('/\\') ? text : '/';
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
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
      />
    </main>
  );
}
