import { usePathname } from 'next/navigation';
import { startSingleSignOn } from '@/components/step-up/start-single-sign-on';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';

export type StepUpWays = { password: boolean; singleSignOn: boolean; passkey?: boolean };

/**
 * How the person confirms it is them before ratifying: a single sign-on grant
 * they came back with, or their password, a passkey, or a trip to the issuer.
 */
export function RatifyStepUp({
  stepUp,
  stepUpGrant,
  stepUpError,
  passwordErrors,
}: {
  stepUp: StepUpWays;
  stepUpGrant: string | null;
  stepUpError: string | null;
  passwordErrors: string[] | undefined;
}) {
  const pathname = usePathname();
  const passkeyFirst = stepUp.passkey && !stepUpGrant;
  if (stepUpGrant) {
    return (
      <p data-testid="step-up-granted" className="text-sm text-emerald-900 dark:text-emerald-200">
        <input type="hidden" name="stepUpGrant" value={stepUpGrant} />
        Single sign-on confirmed it is you. Ratify within five minutes.
      </p>
    );
  }
  return (
    <>
      {stepUp.password && (
        <TextField
          id="ratify-password"
          name="password"
          type="password"
          autoComplete="current-password"
          label={passkeyFirst ? 'Or your password (step-up)' : 'Your password (step-up)'}
          errors={passwordErrors}
          required={!passkeyFirst}
        />
      )}
      {passkeyFirst && (
        <p data-testid="ratify-passkey-note" className="text-sm text-zinc-700 dark:text-zinc-300">
          Your passkey signs this proposal code and digest. Anyone can later check the signature without
          trusting this server.
        </p>
      )}
      {stepUp.singleSignOn && (
        <div className="space-y-1">
          {stepUpError && (
            <p data-testid="step-up-error" className="text-sm text-red-800 dark:text-red-300">
              Single sign-on did not confirm it was you. Try again.
            </p>
          )}
          {/* The issuer must ask again; the grant brings the person back here. Enter in the dialog still ratifies. */}
          <Button onClick={() => startSingleSignOn(pathname)}>Re-authenticate with single sign-on</Button>
        </div>
      )}
    </>
  );
}
