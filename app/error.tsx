'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { StatusUnavailable } from '@/components/status-unavailable';

/** Every page's fallback when a read it cannot do without fails; the navigation bar stays. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  // The failure happened on the server: read the page again there before drawing it anew.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return <StatusUnavailable reference={error.digest ?? null} onRetry={retry} />;
}
