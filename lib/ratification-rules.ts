import type { RefusalCode } from '@/lib/errors';

/**
 * Who may ratify, revoke and void, as pure rules: the domain functions throw
 * the refusal, the views show its sentence before anyone clicks, and both
 * read the same words.
 */
export type RuleVerdict = { allowed: true } | { allowed: false; code: RefusalCode; sentence: string };

type Grant = { role: string; level: string | null };
type Person = { id: string | null; roles: readonly Grant[] };

const allowed: RuleVerdict = { allowed: true };

function approverLevels(person: Person): string[] {
  return person.roles.flatMap((grant) => (grant.role === 'approver' && grant.level ? [grant.level] : []));
}

/** The approver levels of `person` that the proposal accepts, highest first. */
export function ratifyingLevelsOf(
  person: Person,
  proposal: { ratifyingLevels: readonly string[] },
): string[] {
  return approverLevels(person)
    .filter((level) => proposal.ratifyingLevels.includes(level))
    .sort()
    .reverse();
}

export function mayRatify(
  person: Person,
  proposal: { code: string; ratifyingLevels: readonly string[] },
): RuleVerdict {
  const levels = approverLevels(person);
  if (levels.length === 0) {
    return {
      allowed: false,
      code: 'FORBIDDEN',
      sentence: 'Only approvers may ratify; your roles do not include approver.',
    };
  }
  if (ratifyingLevelsOf(person, proposal).length > 0) return allowed;
  return {
    allowed: false,
    code: 'LEVEL_NOT_ALLOWED',
    sentence: `${proposal.code} may be ratified by approver level ${proposal.ratifyingLevels.join(' or ')}; your level is ${levels.join(', ')}.`,
  };
}

export function mayRevoke(person: Person, ratification: { approverId: string | null }): RuleVerdict {
  if (person.id !== null && ratification.approverId === person.id) return allowed;
  if (approverLevels(person).includes('L4')) return allowed;
  return {
    allowed: false,
    code: 'FORBIDDEN',
    sentence: 'Only the ratifier or an L4 approver may revoke a ratification.',
  };
}

export function mayVoidApprovalRow(person: Person): RuleVerdict {
  if (approverLevels(person).includes('L4')) return allowed;
  return { allowed: false, code: 'FORBIDDEN', sentence: 'Only an L4 approver may void an approval row.' };
}
