// Signs in over HTTP through next-auth's credentials endpoint, as the sign-in form does;
// returns the cookie header a signed-in browser would send.
const cookiesOf = (response: Response) =>
  response.headers.getSetCookie().map((cookie) => cookie.split(';')[0] as string);

export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${origin}/api/auth/csrf`, { signal: AbortSignal.timeout(10_000) });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.join('; '), Origin: origin },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${origin}/`, json: 'true' }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.includes('session-token='));
  if (!session) throw new Error(`${email} could not sign in (${response.status})`);
  return [...jar, session].join('; ');
}
