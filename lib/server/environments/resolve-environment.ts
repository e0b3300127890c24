import 'server-only';
import { DomainError } from '@/lib/errors';
import { listEnvironments, type TargetEnvironment } from '@/lib/server/environments/list-environments';

export function resolveEnvironment(options: { name: string }): TargetEnvironment {
  const environments = listEnvironments();
  const found = environments.find((environment) => environment.name === options.name);
  if (!found) {
    throw new DomainError(
      'UNKNOWN_ENVIRONMENT',
      `There is no environment named "${options.name}"; the configured ones are ${environments.map((e) => e.name).join(', ')}.`,
    );
  }
  return found;
}
