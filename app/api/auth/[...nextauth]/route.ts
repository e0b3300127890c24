import { NextResponse } from 'next/server';
import NextAuth from 'next-auth';
import { readEnv } from '@/lib/env';
import { DomainError, isDomainError, type RefusalCode } from '@/lib/errors';
import { buildAuthOptions } from '@/lib/server/auth/auth-options';
import { screenAuthRequest } from '@/lib/server/auth/screen-auth-request';

type Context = { params: Promise<{ nextauth: string[] }> };

const statusFor: Partial<Record<RefusalCode, number>> = { NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405 };

function refusal(code: RefusalCode, message: string): Response {
  return NextResponse.json(
    { error: { code, message } },
    { status: statusFor[code] ?? 400, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** The body as next-auth reads it (form or JSON, POST only), read from a copy so next-auth can read it again. */
async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (request.method !== 'POST' || !request.body) return undefined;
  if (type.includes('application/json')) {
    try {
      return await request.clone().json();
    } catch {
      throw new DomainError('MALFORMED_REQUEST', 'The JSON body does not parse.');
    }
  }
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(await request.clone().text()));
  return undefined;
}

async function handler(request: Request, context: Context): Promise<Response> {
  const options = buildAuthOptions({ forwardedProto: request.headers.get('x-forwarded-proto') });
  const url = new URL(request.url);
  try {
    screenAuthRequest({
      method: request.method,
      segments: (await context.params).nextauth ?? [],
      query: url.searchParams,
      body: await readBody(request),
      providers: options.providers.map((provider) => provider.id),
      origin: new URL(readEnv().NEXTAUTH_URL ?? url.origin).origin,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return refusal(error.code, error.message);
  }
  try {
    const response = await NextAuth(options)(request, context);
    if (response.status < 500) return response;
    console.error(`[one-roof] next-auth answered ${response.status} to ${request.method} ${url.pathname}`);
  } catch (error) {
    console.error(`[one-roof] next-auth failed on ${request.method} ${url.pathname}:`, error);
  }
  // Whatever the screen above did not foresee is still this request's doing, not the server's.
  return refusal('MALFORMED_REQUEST', 'The sign-in service could not handle this request.');
}

export { handler as GET, handler as POST };
