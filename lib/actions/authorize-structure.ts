'use server';

import { permissionActionClient } from '@/lib/server/auth/action-client';
import { authorizeStructure, authorizeStructureInput } from '@/lib/server/ratification/authorize-structure';

export const authorizeStructureAction = permissionActionClient('structure.authorize')
  .metadata({ actionName: 'authorizeStructure', revalidates: 'all' })
  .inputSchema(authorizeStructureInput)
  .action(async ({ ctx }) => {
    const result = await authorizeStructure(ctx);
    return {
      message: result.alreadyAuthorized
        ? 'Structure was already authorized at this digest.'
        : 'Authorized: tiers 1–2 may now go to production at this digest.',
    };
  });
