/**
 * Re-authenticates with the single sign-on issuer: a top-level form post, so
 * the browser follows the redirect to the issuer, which sends the person back
 * to `returnTo` with a step-up grant in the URL.
 */
export function startSingleSignOn(returnTo: string) {
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
