import { createServer } from 'node:http';
import next from 'next';
import { EnvError, readEnv } from '@/lib/env';
import { resourcePolicy, staticSecurityHeaders } from '@/lib/security-headers';
import { answerClientError } from './answer-client-error';
import { answerRefusal } from './answer-refusal';
import { sanitizeRequest } from './sanitize-request';

/**
 * Next inside our own node:http server, so that every request is checked and
 * its proxy headers made trustworthy before Next (or any route) sees it: a
 * route handler has no socket, only headers. Started by scripts/start.ts.
 */
const dev = process.argv.includes('--dev');
// Longer than any load balancer's idle timeout, so a reused connection is never closed under a request.
const KEEP_ALIVE_MS = 65_000;

async function main(): Promise<void> {
  const env = readEnv();
  const app = next({ dev, dir: process.cwd(), port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    // Pages and API routes get their own policy from proxy.ts; this one covers whatever the proxy does not run for.
    for (const [name, value] of Object.entries(staticSecurityHeaders)) response.setHeader(name, value);
    response.setHeader('Content-Security-Policy', resourcePolicy);
    const refusal = sanitizeRequest(request, { trustProxy: env.TRUST_PROXY });
    // Answered before Next reads the body: buffering it would be the cost the limit prevents.
    if (refusal) answerRefusal(request, response, refusal);
    else void handle(request, response);
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.listen(env.PORT, () => console.log(`[one-roof] listening on port ${env.PORT}`));
  const stop = () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof EnvError ? error.message : `[one-roof] server failed: ${(error as Error).stack}`,
  );
  process.exit(1);
});
