import { userInfo } from 'node:os';
import { cliAdministrator, newRequestContext } from '@/lib/server/auth/actor';
import { setProposer } from '@/lib/server/ratification/set-proposer';
import { createUser } from '@/lib/server/users/create-user';
import { grantRole } from '@/lib/server/users/grant-role';
import { linkSsoSubject } from '@/lib/server/users/link-sso-subject';
import { listUsers } from '@/lib/server/users/list-users';
import { revokeRole } from '@/lib/server/users/revoke-role';
import { setUserDisabled } from '@/lib/server/users/set-user-disabled';
import { UsageError } from './usage-error';

const administrator = () => cliAdministrator(userInfo().username);

export type UserCommandOptions = {
  email?: string;
  name?: string;
  role?: string;
  level?: string;
  json?: boolean;
  proposal?: string;
  subject?: string;
  readPassword: () => Promise<string | undefined>;
};

function required(value: string | undefined, flag: string, command: string): string {
  if (!value) throw new UsageError(`users ${command} needs ${flag}`);
  return value;
}

/** `users add|disable|enable|grant|revoke|list|set-proposer|link-sso`, acting as the CLI administrator. */
export async function runUserCommand(sub: string | undefined, options: UserCommandOptions): Promise<void> {
  const actor = administrator();
  const context = newRequestContext();
  switch (sub) {
    case 'add': {
      const email = required(options.email, '--email', sub);
      const created = await createUser({
        actor,
        context,
        email,
        name: required(options.name, '--name', sub),
        password: await options.readPassword(),
      });
      console.log(`added ${created.email}`);
      return;
    }
    case 'disable':
    case 'enable': {
      const email = required(options.email, '--email', sub);
      await setUserDisabled({ actor, context, email, disabled: sub === 'disable' });
      console.log(`${sub}d ${email}`);
      return;
    }
    case 'grant': {
      const email = required(options.email, '--email', sub);
      const role = required(options.role, '--role', sub);
      await grantRole({ actor, context, email, role, level: options.level });
      console.log(`granted ${role}${options.level ? ` ${options.level}` : ''} to ${email}`);
      return;
    }
    case 'revoke': {
      const email = required(options.email, '--email', sub);
      const role = required(options.role, '--role', sub);
      await revokeRole({ actor, context, email, role });
      console.log(`revoked ${role} from ${email}`);
      return;
    }
    case 'set-proposer': {
      const email = required(options.email, '--email', sub);
      const proposal = required(options.proposal, '--proposal', sub);
      await setProposer({ actor, context, proposalCode: proposal, email });
      console.log(`${email} is recorded as the proposer of ${proposal}`);
      return;
    }
    case 'link-sso': {
      const email = required(options.email, '--email', sub);
      const subject = required(options.subject, '--subject', sub);
      await linkSsoSubject({ actor, context, email, subject });
      console.log(`${email} is linked to single sign-on subject ${subject}`);
      return;
    }
    case 'list': {
      const users = await listUsers({ actor, context });
      if (options.json) {
        console.log(JSON.stringify(users, null, 2));
        return;
      }
      for (const user of users) {
        const flags = [user.disabled ? 'DISABLED' : '', user.sso ? 'sso-only' : ''].filter(Boolean).join(' ');
        console.log(`${user.email.padEnd(28)} ${user.roles.join(', ').padEnd(30)} ${flags}`);
      }
      return;
    }
    default:
      throw new UsageError(
        `unknown users command ${sub ?? '(none)'}: use add, disable, enable, grant, revoke, list, set-proposer or link-sso`,
      );
  }
}
