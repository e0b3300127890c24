/** Codes for every way the domain can refuse. The UI and CLI turn each into a sentence. */
export const refusalCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ACCOUNT_LOCKED',
  'WRONG_PASSWORD',
  'CODE_MISMATCH',
  'LEVEL_NOT_ALLOWED',
  'SELF_RATIFICATION',
  'ALREADY_RATIFIED',
  'REVOKE_TOO_LATE',
  'SEPARATION_OF_DUTIES',
  'NOT_FOUND',
  'INVALID_INPUT',
  'UNKNOWN_ENVIRONMENT',
  'BUNDLE_INVALID',
  'GATE_CLOSED',
  'STALE_DIGEST',
  'REHEARSAL_REQUIRED',
  'STRUCTURE_NOT_AUTHORIZED',
  'TIER_ORDER',
  'DIGEST_MISMATCH',
  'SEED_APPLIED',
  'LOCKED',
  'TARGET_UNREACHABLE',
  'TARGET_MISCONFIGURED',
  'TIER_FAILED',
  'AUDIT_INCOMPLETE',
  'ROLLBACK_NOT_AUTHORIZED',
  'DEPENDENT_OBJECTS',
  'STEP_UP_REQUIRED',
  'SSO_NOT_LINKED',
  'APPROVAL_ACCOUNTED',
  'PROPOSER_REQUIRED',
  'REHEARSAL_DIFFERENCE',
  'CROSS_ORIGIN',
  'MALFORMED_REQUEST',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'TARGET_TIMEOUT',
  'TARGET_LOST',
  'RUN_INTERRUPTED',
  'RUN_BUNDLE_CHANGED',
  'PASSKEY_UNAVAILABLE',
  'PASSKEY_CHALLENGE_EXPIRED',
  'PASSKEY_REJECTED',
  'RATIFICATION_EXPIRED',
  'PASSKEY_REQUIRED',
  'PASSKEY_DIGEST_MISMATCH',
  'DRIFT_UNEXPLAINED',
] as const;

export type RefusalCode = (typeof refusalCodes)[number];

const headlines: Record<RefusalCode, string> = {
  UNAUTHENTICATED: 'You need to sign in first.',
  FORBIDDEN: 'You do not have permission to do this.',
  ACCOUNT_LOCKED: 'This account is locked after too many failed sign-ins.',
  WRONG_PASSWORD: 'The password did not match.',
  CODE_MISMATCH: 'The typed proposal code did not match.',
  LEVEL_NOT_ALLOWED: 'Your approver level may not ratify this proposal.',
  SELF_RATIFICATION: 'The person who prepared a proposal cannot ratify it.',
  ALREADY_RATIFIED: 'You have already ratified this proposal at this digest.',
  REVOKE_TOO_LATE:
    'Production has applied a seed tier under this ratification, so it can no longer be revoked.',
  SEPARATION_OF_DUTIES: 'The ratifier cannot also apply the release to production.',
  NOT_FOUND: 'Nothing was found for this request.',
  INVALID_INPUT: 'The request was not valid.',
  UNKNOWN_ENVIRONMENT: 'There is no such environment.',
  BUNDLE_INVALID: 'The release bundle is not valid.',
  GATE_CLOSED: 'The ratification gate is closed.',
  STALE_DIGEST: 'The ratification is bound to another version of the bundle.',
  REHEARSAL_REQUIRED: 'A full clone rehearsal at this bundle digest is required first.',
  STRUCTURE_NOT_AUTHORIZED: 'Structure tiers need an owner authorization or an open gate on production.',
  TIER_ORDER: 'Tiers must be applied in order.',
  DIGEST_MISMATCH: 'The environment holds tiers from another version of the bundle.',
  SEED_APPLIED: 'A seed tier is applied, so structure can no longer be rolled back.',
  LOCKED: 'Another run holds this environment.',
  TARGET_UNREACHABLE: 'The target database cannot be reached.',
  TARGET_MISCONFIGURED: 'The target database is not set up as expected.',
  TIER_FAILED: 'A tier failed and was rolled back.',
  AUDIT_INCOMPLETE:
    'A tier was applied but its audit event could not be written; it is reconciled from the ledger.',
  ROLLBACK_NOT_AUTHORIZED:
    "Rolling structure back on production needs an owner's authorization for the digest it was applied at.",
  DEPENDENT_OBJECTS: "Objects outside the bundle's schema depend on it, so nothing was dropped.",
  STEP_UP_REQUIRED: 'Confirm who you are again before this step.',
  SSO_NOT_LINKED: 'This single sign-on identity is not linked to the account with its email.',
  APPROVAL_ACCOUNTED: 'A recorded ratification wrote this approval row; revoke the ratification instead.',
  PROPOSER_REQUIRED: 'No one is recorded as having prepared this proposal.',
  REHEARSAL_DIFFERENCE: "The clone rehearsal changed something outside the bundle's schema.",
  CROSS_ORIGIN: 'This request did not come from a page of this app.',
  MALFORMED_REQUEST: 'The request could not be read.',
  METHOD_NOT_ALLOWED: 'This address does not take that method.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not of a type this address takes.',
  TARGET_TIMEOUT:
    'The target database did not answer within its time budget; the work was cancelled and rolled back.',
  TARGET_LOST: 'The connection to the target database was lost; the work was rolled back.',
  RUN_INTERRUPTED: 'The process running this run stopped before it finished.',
  RUN_BUNDLE_CHANGED: 'The bundle on disk changed after this run began, so it was not resumed.',
  PASSKEY_UNAVAILABLE: 'Passkeys cannot be used here right now.',
  PASSKEY_CHALLENGE_EXPIRED: 'This passkey request has expired or was already used; start again.',
  PASSKEY_REJECTED: 'The passkey response could not be verified.',
  RATIFICATION_EXPIRED: "A ratification is older than the proposal's expiry, so it no longer counts.",
  PASSKEY_REQUIRED: 'This ratification must be signed with your passkey.',
  PASSKEY_DIGEST_MISMATCH:
    'This passkey signature approved another digest or proposal, so it does not count here.',
  DRIFT_UNEXPLAINED:
    'Governed rows on this environment were changed outside any tier, and no owner has re-applied or acknowledged it.',
};

/** A refusal the domain means to give: an expected outcome with a code, never a crash. */
export class DomainError extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get headline(): string {
    return headlines[this.code];
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export function headlineFor(code: RefusalCode): string {
  return headlines[code];
}
