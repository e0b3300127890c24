import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { type ActionState, initialActionState } from '@/lib/action-state';

/** useActionState for a form whose success changes the page: the server-rendered page is read again. */
export function useRefreshingAction<T>(
  action: (previous: ActionState<T>, formData: FormData) => Promise<ActionState<T>>,
) {
  const router = useRouter();
  // The initial state carries no data, so it fits any action's state type.
  const [state, formAction, pending] = useActionState(action, initialActionState as ActionState<T>);
  useEffect(() => {
    if (state.ok) router.refresh();
  }, [state, router]);
  return [state, formAction, pending] as const;
}
