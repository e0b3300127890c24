import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { NavBar } from '@/components/nav-bar';
import { findCurrentActor } from '@/lib/server/auth/find-current-actor';
import './globals.css';

export const metadata: Metadata = {
  title: 'One-Roof Release Gate',
  description: 'Human ratification gate in front of the One-Roof production database release.',
};

export const viewport: Viewport = { colorScheme: 'light dark' };

/**
 * Runs before the first paint so a dark choice (or a dark system with no
 * choice) never flashes light. Same key and rule as components/theme-toggle.tsx.
 */
const themeScript = `(function(){try{var t=localStorage.getItem('theme');var d=t==='dark'||(t!=='light'&&matchMedia('(prefers-color-scheme: dark)').matches);var e=document.documentElement;e.classList.toggle('dark',d);e.style.colorScheme=d?'dark':'light';}catch(_){}})();`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts's per-request nonce: without it the Content-Security-Policy blocks this script.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const actor = await findCurrentActor();
  return (
    // The theme script changes <html>'s class and style before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed string of ours, no user input */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-1.5 focus:text-sm focus:text-zinc-900"
        >
          Skip to content
        </a>
        <NavBar actor={actor} />
        {children}
      </body>
    </html>
  );
}
