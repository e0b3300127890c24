import type { RatificationCheck } from '@/lib/server/audit/check-ratification-event';

const short = (value: string | null) => (value ? `${value.slice(0, 12)}…` : 'none');

/** One line per ratification: who, which credential, which digest, and whether the signature holds. */
export function describeRatification(check: RatificationCheck): string {
  const who = `ratification ${check.ratificationId ?? '?'} (event ${check.seq}) by ${check.approver}`;
  if (check.outcome === 'no-passkey') {
    const how = check.stepUp ? `${check.stepUp} step-up` : 'password or single sign-on step-up';
    return `${who}: ${how} at digest ${short(check.digest)}, no passkey signature to verify`;
  }
  const credential = `passkey credential ${check.credentialId ?? '?'}`;
  if (check.outcome === 'passkey-verified')
    return `${who}: ${credential} signed digest ${check.digest} — signature verified`;
  return `FAILED ${who}: ${credential}, check "${check.failed}": ${check.problem}`;
}
