// Runs one ratification in its own process, so a test can SIGKILL it between
// production's commit and the control plane's. Not a test file itself.
import { randomUUID } from 'node:crypto';
import { newRequestContext } from '@/lib/server/auth/actor';
import { loadActor } from '@/lib/server/auth/load-actor';
import { ratifyProposal } from '@/lib/server/ratification/ratify-proposal';

const actor = await loadActor({ userId: process.env.RATIFY_USER_ID ?? '' });
if (!actor) throw new Error('no such user');
await ratifyProposal({
  actor,
  context: newRequestContext(),
  typedCode: 'APR-BOOT-AUTHMODEL-1',
  password: process.env.RATIFY_PASSWORD ?? '',
  digest: process.env.TEST_BUNDLE_DIGEST ?? '',
  requestId: randomUUID(),
});
console.log('ratified');
process.exit(0);
