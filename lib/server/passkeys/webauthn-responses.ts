import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

const b64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url')
    .max(max);

/** What every credential a browser returns carries, as @simplewebauthn/browser serialises it; bounded. */
const credential = {
  id: b64url(1366),
  rawId: b64url(1366),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

/** A browser's answer as the parsed object, or as the JSON text a form field carries it in. */
function browserAnswer<S extends z.ZodType>(schema: S) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be the JSON answer of your authenticator' });
      return z.NEVER;
    }
  }, schema);
}

/** What a browser's navigator.credentials.create() gives. */
export const registrationResponseSchema = browserAnswer(
  z.object({
    ...credential,
    response: z.object({
      clientDataJSON: b64url(8192),
      attestationObject: b64url(65_536),
      transports: z
        .array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']))
        .max(8)
        .optional(),
      authenticatorData: b64url(8192).optional(),
      publicKey: b64url(4096).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
    }),
  }) satisfies z.ZodType<RegistrationResponseJSON>,
);

/** What navigator.credentials.get() gives. */
export const authenticationResponseSchema = browserAnswer(
  z.object({
    ...credential,
    response: z.object({
      clientDataJSON: b64url(8192),
      authenticatorData: b64url(8192),
      signature: b64url(4096),
      userHandle: b64url(128).optional(),
    }),
  }) satisfies z.ZodType<AuthenticationResponseJSON>,
);

/** The challenge a response answers, read from its client data; null when the client data does not parse. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = z
      .object({ challenge: b64url(512) })
      .safeParse(JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.challenge : null;
  } catch {
    return null;
  }
}
