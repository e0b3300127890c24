'use server';

import { revalidatePath } from 'next/cache';
import { permissionActionClient } from '@/lib/server/auth/action-client';
import { authorizeStructure, authorizeStructureInput } from '@/lib/server/ratification/authorize-structure';

export const authorizeStructureAction = permissionActionClient('structure.authorize')
  .metadata({ actionName: 'authorizeStructure' })
  .inputSchema(authorizeStructureInput)
  .action(async ({ ctx }) => {
    const result = await authorizeStructure(ctx);
    revalidatePath('/', 'layout');
    return {
      message: result.alreadyAuthorized
        ? 'Structure was already authorized at this digest.'
        : 'Authorized: tiers 1–2 may now go to production at this digest.',
    };
  });
