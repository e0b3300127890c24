import { DomainError, type RefusalCode } from '@/lib/errors';

/**
 * Who may ratify, revoke and void, as pure rules: the domain functions throw
 * the refusal, the views show its sentence before anyone clicks, and both
 * read the same words.
 */
export type RuleVerdict = { allowed: true } | { allowed: false; code: RefusalCode; sentence: string };

type Grant = { role: string; level: string | null };
type Person = { id: string | null; roles: readonly Grant[] };

const allowed: RuleVerdict = { allowed: true };

/** The domain's side of a verdict: a refusal becomes the DomainError carrying the same sentence the view shows. */
export function enforce(verdict: RuleVerdict): void {
  if (!verdict.allowed) throw new DomainError(verdict.code, verdict.sentence);
}

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

/** Separation of duties: the proposal's preparer must be known, and may not ratify it; an unknown one is never a pass. */
export function mayRatifyAsNonProposer(
  person: Person,
  proposal: { code: string; proposedById: string | null },
): RuleVerdict {
  if (!proposal.proposedById) {
    return {
      allowed: false,
      code: 'PROPOSER_REQUIRED',
      sentence: `No one is recorded as having prepared ${proposal.code}, so it cannot be told apart from its ratifier. An administrator records the proposer with: npm run gate -- users set-proposer --email <proposer-email> --proposal ${proposal.code}`,
    };
  }
  if (person.id !== null && proposal.proposedById === person.id) {
    return {
      allowed: false,
      code: 'SELF_RATIFICATION',
      sentence: `You prepared ${proposal.code}, so another approver must ratify it.`,
    };
  }
  return allowed;
}

/** One standing ratification per approver at one digest. */
export function mayRatifyAgain(proposal: { code: string }, standing: boolean): RuleVerdict {
  if (!standing) return allowed;
  return {
    allowed: false,
    code: 'ALREADY_RATIFIED',
    sentence: `You have already ratified ${proposal.code} at this digest; one ratification per approver counts.`,
  };
}
