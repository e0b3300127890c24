import { startOidcIssuer } from './oidc-issuer';

/** Starts the test OIDC issuer; the returned function stops it after the run. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  return startOidcIssuer(process.env.E2E_APP_ORIGIN as string);
}
