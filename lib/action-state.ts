/**
 * What every server action returns to `useActionState`: field errors for bad
 * input, or a coded refusal turned into a sentence, or a success message.
 */
export type ActionState<T = unknown> = {
  ok: boolean;
  message: string;
  code?: string;
  errors?: Record<string, string[] | undefined>;
  data?: T;
};

export const initialActionState: ActionState = { ok: false, message: '' };
