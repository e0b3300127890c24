import 'server-only';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newRequestContext } from '@/lib/server/auth/actor';
import { getControlPlane } from '@/lib/server/db/control-plane';
import { setProposer } from '@/lib/server/ratification/set-proposer';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt';

const demoUsers = [
  { email: 'approver-l4@demo.local', name: 'Ada Lovelace (approver, L4)', role: 'approver', level: 'L4' },
  { email: 'approver-l2@demo.local', name: 'Grace Hopper (approver, L2)', role: 'approver', level: 'L2' },
  {
    email: 'approver-l1@demo.local',
    name: 'Alan Turing (approver, L1: may not ratify)',
    role: 'approver',
    level: 'L1',
  },
  {
    email: 'proposer@demo.local',
    name: 'Pat Proposer (prepared the proposal; approver, L4)',
    role: 'approver',
    level: 'L4',
  },
  { email: 'owner@demo.local', name: 'Olive Owner', role: 'owner' },
  { email: 'operator@demo.local', name: 'Otto Operator', role: 'operator' },
  { email: 'auditor@demo.local', name: 'Audrey Auditor', role: 'auditor' },
  { email: 'viewer@demo.local', name: 'Vic Viewer', role: 'viewer' },
] as const;

/**
 * Embedded default only: on first start, a person for every role, with fresh
 * random passwords printed once and kept in DATA_DIR for the demo. The
 * proposer also holds an L4 approver role, so the self-ratification refusal
 * can be seen. Does nothing once any user exists.
 */
export async function seedDemoUsers(options: {
  dataDir: string;
  proposalCode: string;
  log: (line: string) => void;
}): Promise<boolean> {
  if ((await getControlPlane().user.count()) > 0) return false;
  const actor = {
    id: null,
    label: 'system:demo-seed',
    roles: [{ role: 'administrator' as const, level: null }],
  };
  const context = newRequestContext();
  const lines: string[] = [];
  for (const user of demoUsers) {
    const password = randomBytes(12).toString('base64url');
    await createUser({ actor, context, email: user.email, name: user.name, password });
    await grantRole({
      actor,
      context,
      email: user.email,
      role: user.role,
      level: 'level' in user ? user.level : undefined,
    });
    lines.push(`${user.email.padEnd(24)} ${password}   ${user.name}`);
  }
  await setProposer({ actor, context, proposalCode: options.proposalCode, email: 'proposer@demo.local' });
  const file = path.join(options.dataDir, DEMO_CREDENTIALS_FILE);
  const text = `# One-Roof Release Gate demo users (embedded default only). Email, password, who.\n${lines.join('\n')}\n`;
  await writeFile(file, text, { mode: 0o600 });
  options.log(`demo users created; their passwords, shown once here, are kept in ${file}:`);
  for (const line of lines) options.log(`  ${line}`);
  return true;
}
