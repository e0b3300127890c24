import 'server-only';
import { DomainError } from '@/lib/errors';

/** A BUNDLE_INVALID refusal naming the manifest field or file at fault. */
export function bundleInvalid(field: string, problem: string): DomainError {
  return new DomainError('BUNDLE_INVALID', `${field} ${problem}`, { field });
}
