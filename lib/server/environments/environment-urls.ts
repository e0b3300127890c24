import 'server-only';
import type { TargetEnvironment } from '@/lib/server/environments/list-environments';

/** The environment's URLs, whose hosts and passwords a driver's message must not show. */
export function environmentUrls(environment: TargetEnvironment): string[] {
  return [environment.url, ...(environment.ratifyUrl ? [environment.ratifyUrl] : [])];
}
