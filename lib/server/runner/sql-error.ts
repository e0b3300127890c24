import 'server-only';
import { DomainError } from '@/lib/errors';

// SQLSTATEs the bundle's own checks raise (see releases/*/0*_*.sql).
const bundleStates: Record<string, 'GATE_CLOSED' | 'TIER_ORDER'> = {
  ORG01: 'GATE_CLOSED',
  ORG02: 'TIER_ORDER',
};

/** Turns an error from a tier's SQL into a coded refusal; the database's gate stays the last word. */
export function sqlErrorToDomainError(error: unknown, where: string): DomainError {
  if (error instanceof DomainError) return error;
  const pgError = error as { code?: string; message?: string };
  const code = pgError.code ? bundleStates[pgError.code] : undefined;
  if (code) return new DomainError(code, `${where}: the database refused: ${pgError.message}`);
  return new DomainError('TIER_FAILED', `${where} failed and the tier was rolled back: ${pgError.message}`, {
    sqlState: pgError.code,
  });
}
