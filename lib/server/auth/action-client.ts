import 'server-only';
import { revalidatePath } from 'next/cache';
import { createSafeActionClient, flattenValidationErrors } from 'next-safe-action';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { DomainError, isDomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import type { Permission } from '@/lib/server/auth/permissions';
import { parseActionForm } from '@/lib/server/http/parse-action-form';

type SignedIn = { actor: Actor; context: RequestContext };
type Refusal = { code: string; message: string };
type FieldErrors = Record<string, string[] | undefined>;

/** After a success: `all` refreshes every page under the root layout, a path refreshes that page. */
export type Revalidates = 'all' | `/${string}`;
export type ActionMetadata = { actionName: string; revalidates?: Revalidates };

/** Records refused input in the audit trail when a person is signed in; a signed-out caller leaves no trace. */
async function auditInputRefusal(ctx: object, actionName: string, refusal: DomainError): Promise<void> {
  const { actor, context } = ctx as Partial<SignedIn>;
  if (!actor || !context) return;
  const meta = {
    kind: 'input.refused' as const,
    data: { input: `action ${actionName}` },
    actor,
    context,
    target: `action:${actionName}`,
  };
  await auditRefusals(meta, () => Promise.reject(refusal)).catch((error: unknown) => {
    if (error !== refusal) throw error;
  });
}

/** Coded refusals become a sentence for the form; anything else is a fault and is thrown on. */
const baseClient = createSafeActionClient({
  defineMetadataSchema: () =>
    z.object({
      actionName: z.string(),
      revalidates: z.union([z.literal('all'), z.string().startsWith('/')]).optional(),
    }),
  defaultValidationErrorsShape: 'flattened',
  handleServerError: (error): Refusal => {
    if (isDomainError(error)) return { code: error.code, message: `${error.headline} ${error.message}` };
    throw error;
  },
}).use(async ({ next }) => {
  // Loaded from the database on every call: a disabled user or an ended session is refused.
  const actor = await getCurrentActor();
  if (!actor) {
    throw new DomainError(
      'UNAUTHENTICATED',
      'Your session has ended or your account is disabled; sign in again.',
    );
  }
  return next({ ctx: { actor, context: await getRequestContext() } });
});

type Client = typeof baseClient;

/** The body is whatever the request decoded to: it must be bounded FormData before the schema sees it. */
function checkingTheForm(client: Client) {
  return client.use(async ({ clientInput, ctx, metadata, next }) => {
    try {
      parseActionForm(clientInput);
    } catch (error) {
      if (isDomainError(error)) await auditInputRefusal(ctx, metadata.actionName, error);
      throw error;
    }
    return next();
  });
}

function toActionState<R>(result: {
  data?: { message: string; data?: R };
  serverError?: Refusal;
  validationErrors?: { fieldErrors: FieldErrors };
}): ActionState<R> {
  if (result.validationErrors) {
    const errors = result.validationErrors.fieldErrors;
    return { ok: false, code: 'INVALID_INPUT', message: 'Some fields need attention.', errors };
  }
  if (result.serverError) return { ok: false, ...result.serverError };
  if (!result.data) throw new Error('The action returned no outcome.');
  return { ok: true, message: result.data.message, data: result.data.data };
}

/**
 * The next-safe-action chain formAction builds: metadata, the bounded-form
 * check, the schema and the handler.
 * It returns `(previous, formData) => ActionState` for `useActionState`: bad
 * input comes back as field errors, refusals as sentences with their code,
 * either audited when a person is signed in.
 */
function chain(client: Client) {
  return {
    metadata(metadata: ActionMetadata) {
      const named = checkingTheForm(client).metadata(metadata);
      return {
        inputSchema<S extends z.ZodType>(schema: S) {
          const validated = named.inputSchema(z.preprocess(parseActionForm, schema), {
            handleValidationErrorsShape: async (errors, { ctx }) => {
              const { fieldErrors } = flattenValidationErrors(errors) as { fieldErrors: FieldErrors };
              const named = Object.entries(fieldErrors).map(
                ([name, problems]) => `${name}: ${problems?.join(' ')}`,
              );
              await auditInputRefusal(
                ctx,
                metadata.actionName,
                new DomainError('INVALID_INPUT', named.join('; ')),
              );
              return { fieldErrors };
            },
          });
          return {
            action<R>(
              handler: (args: { input: z.infer<S>; ctx: SignedIn }) => Promise<{ message: string; data?: R }>,
            ) {
              const run = validated.action(async ({ parsedInput, ctx }) => {
                const outcome = await handler({ input: parsedInput as z.infer<S>, ctx });
                if (metadata.revalidates === 'all') revalidatePath('/', 'layout');
                else if (metadata.revalidates) revalidatePath(metadata.revalidates);
                return outcome;
              });
              return async (_previous: unknown, formData: unknown): Promise<ActionState<R>> =>
                toActionState<R>(await run(formData as never));
            },
          };
        },
      };
    },
  };
}

function clientFor(permission: Permission | undefined): Client {
  if (!permission) return baseClient;
  return baseClient.use(async ({ ctx, next }) => {
    await authorize({ ...ctx, permission });
    return next();
  });
}

/**
 * The one way to write a server action: its name (for the audit), the domain
 * function's exported input schema, the domain function itself, and what to
 * say. `permission` is checked first (the domain function checks it again);
 * without one, any signed-in person may call it (their own personal tokens).
 */
export function formAction<S extends z.ZodType, R, D = undefined>(
  actionName: string,
  input: S,
  run: (args: z.infer<S> & SignedIn) => Promise<R>,
  options: {
    permission?: Permission;
    revalidates?: Revalidates;
    outcome: (result: R, input: z.infer<S>) => { message: string; data?: D };
  },
) {
  return chain(clientFor(options.permission))
    .metadata({ actionName, revalidates: options.revalidates })
    .inputSchema(input)
    .action(async ({ input: parsed, ctx }) =>
      options.outcome(await run({ ...(parsed as object), ...ctx } as z.infer<S> & SignedIn), parsed),
    );
}
