import Link from 'next/link';
import type { Actor } from '@/lib/server/auth/actor';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

const links = [
  { href: '/', label: 'Dashboard' },
  { href: '/options', label: 'Options' },
  { href: '/readiness', label: 'Readiness' },
  { href: '/ownership', label: 'Ownership' },
  { href: '/proposals/APR-BOOT-AUTHMODEL-1', label: 'Proposal' },
  { href: '/runs', label: 'Runs' },
  { href: '/provenance', label: 'Provenance' },
] as const;

/** "approver L4, viewer": each role, with its approver level where it has one. */
function describeRoles(actor: Actor): string {
  const roles = actor.roles.map((grant) => (grant.level ? `${grant.role} ${grant.level}` : grant.role));
  return roles.length > 0 ? roles.join(', ') : 'no role';
}

/** The navigation bar of a signed-in person; nothing for a visitor. */
export function NavBar({ actor }: { actor: Actor | null }) {
  if (!actor) return null;
  return (
    <nav
      aria-label="Main"
      className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 text-sm">
        <Link href="/" className="font-semibold tracking-tight">
          One-Roof Release Gate
        </Link>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {links.map((link) => (
            <li key={link.href}>
              <Link
                href={link.href}
                className="text-zinc-700 underline-offset-2 hover:underline dark:text-zinc-300"
              >
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap items-center gap-3 sm:ml-auto">
          <p data-testid="nav-user" className="break-words text-zinc-600 dark:text-zinc-400">
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{actor.label}</span> (
            {describeRoles(actor)})
          </p>
          <Link
            href="/settings/tokens"
            className="text-zinc-700 underline-offset-2 hover:underline dark:text-zinc-300"
          >
            Tokens
          </Link>
          <Link
            href="/settings/passkeys"
            className="text-zinc-700 underline-offset-2 hover:underline dark:text-zinc-300"
          >
            Passkeys
          </Link>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
    </nav>
  );
}
