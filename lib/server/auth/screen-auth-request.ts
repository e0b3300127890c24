import 'server-only';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { isReadableCallbackUrl } from '@/lib/server/auth/is-readable-callback-url';

/** Far above any URL or token next-auth exchanges, far below what could bloat a header. */
const MAX_VALUE_LENGTH = 2048;
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The actions this app uses, each with the methods it is called by and whether it names a provider. */
const ROUTES: Record<string, { methods: string[]; provider: 'none' | 'optional' | 'required' }> = {
  providers: { methods: ['GET'], provider: 'none' },
  session: { methods: ['GET', 'POST'], provider: 'none' },
  csrf: { methods: ['GET'], provider: 'none' },
  signin: { methods: ['GET', 'POST'], provider: 'optional' },
  signout: { methods: ['GET', 'POST'], provider: 'none' },
  callback: { methods: ['GET', 'POST'], provider: 'required' },
  error: { methods: ['GET'], provider: 'optional' },
  _log: { methods: ['POST'], provider: 'none' },
};

const plainValue = z
  .string()
  .max(MAX_VALUE_LENGTH)
  .refine((value) => !CONTROL.test(value), 'holds a control character');

const fields = (origin: string) =>
  z
    .object({
      callbackUrl: z
        .string()
        .refine(
          (value) => isReadableCallbackUrl(value, origin),
          'is not a printable-ASCII path or http(s) URL',
        )
        .optional(),
      error: z.string().regex(SEGMENT, 'is not an error code').optional(),
    })
    .catchall(plainValue);

export type AuthRequestShape = {
  method: string;
  segments: string[];
  query: URLSearchParams;
  /** The parsed form or JSON body; undefined when next-auth would not read one. */
  body: unknown;
  providers: string[];
  origin: string;
};

function refuse(code: 'NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'INVALID_INPUT', message: string): never {
  throw new DomainError(code, message);
}

/**
 * Checks a request to /api/auth/* against what this app's sign-in, session and
 * sign-out actually send, before next-auth sees it (proxy.ts drops a callback-url cookie it could not use): next-auth answers 500 (or
 * throws) for an unknown callback type, a callbackUrl that is no URL, an error
 * code or redirect target that is not Latin-1, or a body that is not flat text.
 */
export function screenAuthRequest(request: AuthRequestShape): void {
  const [action = '', provider, ...rest] = request.segments;
  const route = Object.hasOwn(ROUTES, action) ? ROUTES[action] : undefined;
  if (!route || rest.length > 0 || ![action, provider ?? 'x'].every((segment) => SEGMENT.test(segment)))
    refuse('NOT_FOUND', 'There is no such sign-in address.');
  if (!route.methods.includes(request.method))
    refuse('METHOD_NOT_ALLOWED', `/api/auth/${action} does not take ${request.method}.`);
  if (route.provider === 'none' && provider !== undefined)
    refuse('NOT_FOUND', `/api/auth/${action} takes no provider.`);
  if (route.provider === 'required' && provider === undefined)
    refuse('NOT_FOUND', `/api/auth/${action} needs a provider.`);
  if (provider !== undefined && action !== 'error' && !request.providers.includes(provider))
    refuse('NOT_FOUND', `There is no sign-in provider ${provider}.`);
  // Credentials are only ever posted; next-auth has no GET callback for them and answers 500.
  if (action === 'callback' && provider === 'credentials' && request.method !== 'POST')
    refuse('METHOD_NOT_ALLOWED', 'The password callback takes only POST.');
  const schema = fields(request.origin);
  const checks: Array<[string, unknown]> = [
    [
      'query',
      {
        ...Object.fromEntries(request.query),
        ...(action === 'error' && provider ? { error: provider } : {}),
      },
    ],
  ];
  if (request.body !== undefined) checks.push(['body', request.body]);
  for (const [where, value] of checks) {
    // next-auth ignores its client log's content; only the other bodies are read field by field.
    if (where === 'body' && action === '_log') continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      refuse(
        'INVALID_INPUT',
        `The ${where}'s ${String(issue?.path[0] ?? 'value')} ${issue?.message ?? 'is not valid'}.`,
      );
    }
  }
}
