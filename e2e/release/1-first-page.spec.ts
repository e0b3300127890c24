import { screenshot, signInAs } from '../demo-users';
import { gateCli, gateCliAs } from '../gate-cli';
import { expect, onFreshInstance, test } from '../support/fresh-instance';

onFreshInstance();

type Status = {
  bundle: { digest: string };
  proposal: { ratifications: number; gateOpen: boolean };
  environments: { name: string; gap: number; appliedTiers: number[] }[];
};

test('the first page and /api/status follow the clone through all six tiers while production stays gated', async ({
  page,
  request,
}) => {
  // Every page here runs under the nonce-based Content-Security-Policy of proxy.ts: it must block nothing of ours.
  const policyViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text()))
      policyViolations.push(message.text());
  });
  const initial = (await (await request.get('/api/status')).json()) as Status;
  expect(initial.proposal).toMatchObject({ ratifications: 0, gateOpen: false });
  expect(initial.environments.map((e) => [e.name, e.gap])).toEqual([
    ['clone', 210],
    ['production', 210],
  ]);

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await signInAs(page, 'viewer@demo.local');
  await page.goto('/');
  await expect(page.getByTestId('gap-clone')).toHaveText('210');
  await expect(page.getByTestId('gap-production')).toHaveText('210');
  await expect(page.getByText('CLOSED').first()).toBeVisible();
  await expect(page.getByText(/Declined/).first()).toBeVisible();
  await screenshot(page, 'first-page-initial');

  const apply = gateCliAs('operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(apply.status, apply.stderr).toBe(0);
  expect(apply.stdout.match(/gap \d+ → \d+/g)).toEqual([
    'gap 210 → 210',
    'gap 210 → 210',
    'gap 210 → 175',
    'gap 175 → 105',
    'gap 105 → 35',
    'gap 35 → 0',
  ]);
  const again = gateCliAs('operator@demo.local', 'apply', '--env', 'clone', '--tiers', '1-6');
  expect(again.status).toBe(0);
  expect(again.stdout).toContain('nothing to apply');

  const refused = gateCliAs('operator@demo.local', 'apply', '--env', 'production', '--tiers', '3');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^refused: GATE_CLOSED: /m);

  const after = (await (await request.get('/api/status')).json()) as Status;
  expect(after.environments.map((e) => [e.name, e.gap, e.appliedTiers])).toEqual([
    ['clone', 0, [1, 2, 3, 4, 5, 6]],
    ['production', 210, []],
  ]);
  expect(after.proposal).toMatchObject({ ratifications: 0, gateOpen: false });

  const json = gateCli('status', '--json');
  expect(JSON.parse(json.stdout)).toMatchObject({ bundle: after.bundle, proposal: after.proposal });

  await page.reload();
  await expect(page.getByTestId('gap-clone')).toHaveText('0');
  await expect(page.getByTestId('gap-production')).toHaveText('210');
  await screenshot(page, 'first-page-after-rehearsal');
  expect(policyViolations).toEqual([]);
});
