import { ActionButtonForm } from '@/components/action-button-form';
import { Section } from '@/components/section';
import { authorizeStructureAction } from '@/lib/actions/authorize-structure';

/** The owner's separate, recorded act (Option 3): it opens tiers 1–2 for production and nothing else. */
export function StructureAuthorization() {
  return (
    <Section id="structure" title="Structure deploy (Option 3)">
      <ActionButtonForm
        action={authorizeStructureAction}
        explanation="Tiers 1–2 add inert structure and change no coverage. As owner you may let them reach production before any ratification; seed tiers 3–6 still need the gate."
        label="Authorize structure tiers 1–2 for production at this digest"
        pendingLabel="Authorizing…"
        testId="authorize-structure"
      />
    </Section>
  );
}
