// The dashboard's first-load JavaScript, measured as e2e/release/6-first-load-budget.spec.ts
// does: every script the browser loads for `/`, gzipped as it would travel, summed.
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

export async function measureFirstLoad(options: { origin: string; cookie: string }): Promise<number> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const context = await browser.newContext();
    await context.addCookies(
      options.cookie.split('; ').map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: options.origin };
      }),
    );
    const page = await context.newPage();
    const scripts = new Map<string, Promise<number>>();
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      // A body that cannot be read leaves the sum unknown ("not produced"), not silently smaller.
      scripts.set(
        response.url(),
        response.body().then(
          (body) => gzipSync(body).length,
          () => Number.NaN,
        ),
      );
    });
    const response = await page.goto(`${options.origin}/`, { waitUntil: 'networkidle', timeout: 60_000 });
    if (response?.status() !== 200 || new URL(page.url()).pathname !== '/')
      throw new Error(`the dashboard did not load signed in (${response?.status()} at ${page.url()})`);
    const sizes = await Promise.all(scripts.values());
    if (sizes.length === 0) throw new Error('the dashboard loaded no scripts');
    return sizes.reduce((sum, size) => sum + size, 0) / 1024;
  } finally {
    await browser.close();
  }
}
