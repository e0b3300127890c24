import 'server-only';
import { z } from 'zod';

/** An environment an action may name, with the picker's words when none of them is given. */
export const environmentNameInput = z.enum(['clone', 'staging', 'production'], {
  error: 'Choose an environment.',
});
