import 'server-only';
import { z } from 'zod';
import type { ActionState } from '@/lib/action-state';
import { DomainError, isDomainError } from '@/lib/errors';
import type { Actor, RequestContext } from '@/lib/server/auth/actor';
import { getCurrentActor, getRequestContext } from '@/lib/server/auth/get-current-actor';
import type { Permission } from '@/lib/server/auth/permissions';
import { requirePermission } from '@/lib/server/auth/require-permission';

type Outcome<R> = { message: string; data?: R };

/**
 * A chain of middlewares ending in a zod-validated action, in the manner of
 * next-safe-action: `permissionActionClient('proposal.ratify').inputSchema(s).action(fn)`.
 * Bad input comes back as field errors, refusals as sentences with their code.
 */
function chain<Ctx>(build: () => Promise<Ctx>) {
  return {
    use<Next>(middleware: (ctx: Ctx) => Promise<Next>) {
      return chain(async () => middleware(await build()));
    },
    inputSchema<S extends z.ZodType>(schema: S) {
      return {
        action<R>(handler: (args: { input: z.infer<S>; ctx: Ctx }) => Promise<Outcome<R>>) {
          return async (_previous: ActionState<R>, formData: FormData): Promise<ActionState<R>> => {
            try {
              const ctx = await build();
              const parsed = schema.safeParse(Object.fromEntries(formData));
              if (!parsed.success) {
                return {
                  ok: false,
                  message: 'Some fields need attention.',
                  errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
                };
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
    await requirePermission({ ...ctx, permission });
    return ctx;
  });
}
