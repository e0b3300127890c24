'use server';

import { formAction } from '@/lib/server/auth/action-client';
import { authorizeStructure, authorizeStructureInput } from '@/lib/server/ratification/authorize-structure';

export const authorizeStructureAction = formAction(
  'authorizeStructure',
  authorizeStructureInput,
  authorizeStructure,
  {
    permission: 'structure.authorize',
    revalidates: 'all',
    outcome: (result) => ({
      message: result.alreadyAuthorized
        ? 'Structure was already authorized at this digest.'
        : 'Authorized: tiers 1–2 may now go to production at this digest.',
    }),
  },
);
