'use client';

import { useSyncExternalStore } from 'react';

type Theme = 'light' | 'dark' | 'system';

/** The same key the inline script in app/layout.tsx reads before the first paint. */
const STORAGE_KEY = 'theme';
const listeners = new Set<() => void>();
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function readTheme(): Theme {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function applyTheme(theme: Theme) {
  const dark = theme === 'dark' || (theme === 'system' && darkQuery().matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
}

function chooseTheme(theme: Theme) {
  window.localStorage.setItem(STORAGE_KEY, theme);
  // The cookie lets a server render know the choice too.
  // biome-ignore lint/suspicious/noDocumentCookie: a one-line preference cookie needs no Cookie Store API
  document.cookie = `${STORAGE_KEY}=${theme}; path=/; max-age=31536000; samesite=lax`;
  applyTheme(theme);
  for (const listener of listeners) listener();
}

/** Follows the system while the choice is "system", and other tabs when they change the choice. */
function subscribe(listener: () => void) {
  const onSystemChange = () => applyTheme(readTheme());
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY) return;
    applyTheme(readTheme());
    listener();
  };
  listeners.add(listener);
  darkQuery().addEventListener('change', onSystemChange);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    darkQuery().removeEventListener('change', onSystemChange);
    window.removeEventListener('storage', onStorage);
  };
}

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, readTheme, () => 'system' as const);
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="text-zinc-600 dark:text-zinc-400">Theme</span>
      <select
        value={theme}
        onChange={(event) => chooseTheme(event.target.value as Theme)}
        className="rounded-md border border-zinc-300 bg-white px-1.5 py-1 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
