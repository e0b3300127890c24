import { expect, test } from '@playwright/test';
import { signInAs } from '../demo-users';

// The shipped One-Roof bundle: 1 of L2 or L4, no expiry (the test-only AND-quorum bundle is proven in
// tests/integration/policy-gate.test.ts, on real PostgreSQL, not in a browser instance of its own).
const SHIPPED_POLICY = 'Policy: 1 ratification from L2 or L4; a ratification does not expire.';

test('the proposal page and readiness say the shipped ratification policy in words', async ({ page }) => {
  await signInAs(page, 'viewer@demo.local');
  await page.goto('/proposals/APR-BOOT-AUTHMODEL-1');
  await expect(page.getByTestId('proposal-policy')).toHaveText(SHIPPED_POLICY);
  await page.goto('/readiness');
  await expect(page.getByTestId('readiness-ratifications')).toContainText(SHIPPED_POLICY);
});
