import { ActionButtonForm } from '@/components/action-button-form';
import { resetCloneAction } from '@/lib/actions/reset-clone';

/** Makes the clone a copy of production again, so the next rehearsal starts from what production holds. */
export function ResetCloneButton() {
  return (
    <ActionButtonForm
      action={resetCloneAction}
      explanation="Resetting makes the clone equal to production again: whatever the clone rehearsed beyond production is dropped, and the next rehearsal starts from what production holds."
      label="Reset the clone from production"
      pendingLabel="Resetting the clone…"
      testId="reset-clone"
    />
  );
}
