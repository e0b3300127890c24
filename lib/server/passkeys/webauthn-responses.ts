import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

const b64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url')
    .max(max);

/** What a browser's navigator.credentials.create() gives, as @simplewebauthn/browser serialises it; bounded. */
export const registrationResponseSchema = z.object({
  id: b64url(1366),
  rawId: b64url(1366),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
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
}) satisfies z.ZodType<RegistrationResponseJSON>;

/** What navigator.credentials.get() gives, as @simplewebauthn/browser serialises it; bounded. */
export const authenticationResponseSchema = z.object({
  id: b64url(1366),
  rawId: b64url(1366),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  response: z.object({
    clientDataJSON: b64url(8192),
    authenticatorData: b64url(8192),
    signature: b64url(4096),
    userHandle: b64url(128).optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON>;

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

/** A form field holding a browser's JSON answer; what it holds is checked by the domain's schema. */
export const jsonField = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be the JSON answer of your authenticator' });
    return z.NEVER;
  }
});
