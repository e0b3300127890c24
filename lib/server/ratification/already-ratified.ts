import 'server-only';
import { DomainError } from '@/lib/errors';

/** The refusal of a second standing ratification by one approver at one digest, however it was detected. */
export function alreadyRatified(code: string): DomainError {
  return new DomainError(
    'ALREADY_RATIFIED',
    `You have already ratified ${code} at this digest; one ratification per approver counts.`,
  );
}
