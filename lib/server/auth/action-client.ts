import 'server-only';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { DomainError, isDomainError } from '@/lib/errors';
import { auditRefusals } from '@/lib/server/audit/record-refusal';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { authorize } from '@/lib/server/auth/authorize';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import type { Permission } from '@/lib/server/auth/permissions';
import { parseActionForm } from '@/lib/server/http/parse-action-form';

type Outcome<R> = { message: string; data?: R };

/** Records refused input in the audit trail when a person is signed in; a signed-out caller leaves no trace. */
async function auditInputRefusal(ctx: unknown, actionName: string, refusal: DomainError): Promise<void> {
  const signedIn = ctx as Partial<{ actor: Actor; context: RequestContext }>;
  if (!signedIn.actor || !signedIn.context) return;
  const meta = {
    kind: 'input.refused' as const,
    data: { input: `action ${actionName}` },
    actor: signedIn.actor,
    context: signedIn.context,
    target: `action:${actionName}`,
  };
  await auditRefusals(meta, () => Promise.reject(refusal)).catch((error: unknown) => {
    if (error !== refusal) throw error;
  });
}

/**
 * A chain of middlewares ending in a zod-validated action, in the manner of
 * next-safe-action: `permissionActionClient('proposal.ratify').metadata({ actionName }).inputSchema(s).action(fn)`.
 * The arguments are whatever the request body decoded to, so the form is
 * checked to be bounded FormData before the schema sees it. Bad input comes
 * back as field errors, refusals as sentences with their code; either is
 * audited when a person is signed in.
 */
function chain<Ctx>(build: () => Promise<Ctx>, actionName = 'unnamed') {
  return {
    use<Next>(middleware: (ctx: Ctx) => Promise<Next>) {
      return chain(async () => middleware(await build()), actionName);
    },
    metadata(metadata: { actionName: string }) {
      return chain(build, metadata.actionName);
    },
    inputSchema<S extends z.ZodType>(schema: S) {
      return {
        action<R>(handler: (args: { input: z.infer<S>; ctx: Ctx }) => Promise<Outcome<R>>) {
          return async (_previous: unknown, formData: unknown): Promise<ActionState<R>> => {
            try {
              const ctx = await build();
              let fields: Record<string, string>;
              try {
                fields = parseActionForm(formData);
              } catch (error) {
                if (!isDomainError(error)) throw error;
                await auditInputRefusal(ctx, actionName, error);
                return { ok: false, code: error.code, message: `${error.headline} ${error.message}` };
              }
              const parsed = schema.safeParse(fields);
              if (!parsed.success) {
                const errors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
                const named = Object.entries(errors).map(
                  ([name, problems]) => `${name}: ${problems.join(' ')}`,
                );
                await auditInputRefusal(ctx, actionName, new DomainError('INVALID_INPUT', named.join('; ')));
                return { ok: false, code: 'INVALID_INPUT', message: 'Some fields need attention.', errors };
              }
              const outcome = await handler({ input: parsed.data, ctx });
              return { ok: true, message: outcome.message, data: outcome.data };
            } catch (error) {
              if (isDomainError(error))
                return { ok: false, code: error.code, message: `${error.headline} ${error.message}` };
              throw error;
            }
          };
        },
      };
    },
  };
}

export const actionClient = chain(async () => ({}));

/** Loads the person from the database on every call; a disabled user or ended session is refused. */
export const authActionClient = actionClient.use(
  async (): Promise<{ actor: Actor; context: RequestContext }> => {
    const actor = await getCurrentActor();
    if (!actor) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'Your session has ended or your account is disabled; sign in again.',
      );
    }
    return { actor, context: await getRequestContext() };
  },
);

/** The permission check every state-changing action goes through; the domain function checks again. */
export function permissionActionClient(permission: Permission) {
  return authActionClient.use(async (ctx) => {
    await authorize({ ...ctx, permission });
    return ctx;
  });
}
