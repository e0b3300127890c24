import 'server-only';
import { DomainError } from '@/lib/errors';
import { redactTargetMessage } from '@/lib/server/db/redact-target-message';

// SQLSTATEs the bundle's own checks raise (see releases/*/0*_*.sql).
const bundleStates: Record<string, 'GATE_CLOSED' | 'TIER_ORDER'> = {
  ORG01: 'GATE_CLOSED',
  ORG02: 'TIER_ORDER',
};

// pg's own words when the socket goes, and Node's socket error codes.
const lostConnection =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * Turns an error from a target into a coded refusal; the database's gate
 * stays the last word. A statement past its budget is TARGET_TIMEOUT, a
 * connection that went away is TARGET_LOST, and the driver's text is kept
 * with the targets' hosts, ports and passwords (`urls`) taken out.
 */
export function sqlErrorToDomainError(error: unknown, where: string, urls: string[] = []): DomainError {
  if (error instanceof DomainError) return error;
  const pgError = error as { code?: string; message?: string };
  const message = redactTargetMessage({ message: String(pgError.message ?? error), urls });
  const code = pgError.code ? bundleStates[pgError.code] : undefined;
  if (code) return new DomainError(code, `${where}: the database refused: ${message}`);
  if (pgError.code === '57014') {
    return new DomainError(
      'TARGET_TIMEOUT',
      `${where} was cancelled by the database (${message}); its transaction was rolled back.`,
      { sqlState: pgError.code },
    );
  }
  if (isConnectionLoss(pgError)) {
    return new DomainError(
      'TARGET_LOST',
      `${where}: the connection to the database was lost (${message}); its transaction was rolled back.`,
      { sqlState: pgError.code },
    );
  }
  return new DomainError('TIER_FAILED', `${where} failed and its transaction was rolled back: ${message}`, {
    sqlState: pgError.code,
  });
}

function isConnectionLoss(error: { code?: string; message?: string }): boolean {
  const code = error.code ?? '';
  // 08: connection exception; 57P01–57P03: the server shut down, crashed, or is not accepting connections.
  if (/^08...$/.test(code) || /^57P0[123]$/.test(code)) return true;
  if (/^E[A-Z]+$/.test(code)) return true;
  return lostConnection.test(error.message ?? '');
}
