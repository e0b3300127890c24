/**
 * Sends the person to the issuer to sign in again (prompt=login, max_age=0)
 * by a top-level form post, so the browser follows the redirect; the grant
 * comes back to `returnTo` in the URL.
 */
export function startSingleSignOn(returnTo: string): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = '/api/step-up/oidc/start';
  const field = document.createElement('input');
  field.type = 'hidden';
  field.name = 'returnTo';
  field.value = returnTo;
  form.append(field);
  document.body.append(form);
  form.submit();
}
