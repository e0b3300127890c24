import { test } from '@playwright/test';

/** An app instance a spec talks to: where it answers, and the embedded data (and bundle) it runs on. */
export type AppInstance = { baseURL?: string; dataDir: string; bundleDir?: string };

let freshInstance: AppInstance | null = null;

/** Set by `onFreshInstance` while its file's tests run; a worker runs one file at a time. */
export function setFreshInstance(instance: AppInstance | null): void {
  freshInstance = instance;
}

/** The instance of the running test: its file's own fresh one, or else its Playwright project's shared one. */
export function currentInstance(): AppInstance {
  if (freshInstance) return freshInstance;
  const project = test.info().project;
  const metadata = project.metadata as { dataDir: string; bundleDir?: string };
  return { baseURL: project.use.baseURL, dataDir: metadata.dataDir, bundleDir: metadata.bundleDir };
}
