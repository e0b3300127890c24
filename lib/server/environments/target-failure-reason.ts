import 'server-only';

// Fixed sentences only: a driver's message names the host, the port and sometimes the user, and reasons are shown
// to anyone who can read /api/status. The SQLSTATE is five characters of [0-9A-Z] and says nothing about where.
const byCode: Record<string, string> = {
  ECONNREFUSED: 'it refused the connection',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name does not resolve',
  ETIMEDOUT: 'it did not accept a connection in time',
  EHOSTUNREACH: 'its network cannot be reached',
  ENETUNREACH: 'its network cannot be reached',
  ECONNRESET: 'the connection was lost',
  EPIPE: 'the connection was lost',
  '57014': 'a read did not finish within the read timeout',
  '57P01': 'the server is shutting down',
  '57P02': 'the server is shutting down',
  '57P03': 'the server is not accepting connections yet',
  '53300': 'it has no free connection slots',
  '28P01': 'it refused the credentials',
  '28000': 'it refused the credentials',
  '3D000': 'the database does not exist',
  // The app's own refusals from a target connection (its watchdog and connection-loss handling).
  TARGET_TIMEOUT: 'a read did not finish within the read timeout',
  TARGET_LOST: 'the connection was lost',
  TARGET_UNREACHABLE: 'it cannot be reached',
};

const byMessage: [RegExp, string][] = [
  [/timeout exceeded when trying to connect|connection timeout/i, 'it did not accept a connection in time'],
  [/terminated|not queryable|Connection ended/i, 'the connection was lost'],
];

/** Why a target could not be read, in words that carry no host, port, user or password. */
export function targetFailureReason(error: unknown): string {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string' && Object.hasOwn(byCode, code)) return byCode[code] as string;
  const text = typeof message === 'string' ? message : '';
  const matched = byMessage.find(([pattern]) => pattern.test(text));
  if (matched) return matched[1];
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `a read failed with SQLSTATE ${code}`;
  return 'a read failed';
}
