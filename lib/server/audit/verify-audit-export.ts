// No 'server-only' and no database: this is what the offline verifier runs on an exported file.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import {
  type ChainHead,
  type ExportedEvent,
  type VerifyResult,
  verifyEvents,
} from '@/lib/server/audit/verify-events';

const EXPORT_FORMAT = 'one-roof-audit-export/1';

const seq = z.string().regex(/^[0-9]+$/, 'must be a seq written as a string of digits');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character lower-case hex hash');

// Strict objects: a field the export never writes means the file was not written by an export.
const eventSchema = z.strictObject({
  seq,
  id: z.string().min(1),
  kind: z.string().min(1),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  actorRoles: z.array(z.string()),
  target: z.string(),
  digest: z.string().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.json(),
  createdAt: z.string(),
  prevHash: sha256,
  hash: sha256,
});

const exportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT, `must be "${EXPORT_FORMAT}"`),
  exportedAt: z.string(),
  head: z.strictObject({ seq, hash: sha256 }),
  events: z.array(eventSchema),
});

export type AuditExportVerification = VerifyResult & { file: string; exportedAt: string; head: ChainHead };

/**
 * Verifies a JSON audit export on its own: every hash, every link, and the
 * last event against the head written into the file.
 */
export async function verifyAuditExport(options: { file: string }): Promise<AuditExportVerification> {
  const { file } = options;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DomainError('NOT_FOUND', `${file} cannot be read: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DomainError(
      'INVALID_INPUT',
      `${file} is not JSON (${(error as Error).message}); only the JSON export can be verified, not the CSV.`,
      { file },
    );
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? [])
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    throw new DomainError(
      'INVALID_INPUT',
      `${file} is not a One-Roof audit export: ${field || 'the file'}: ${issue?.message ?? 'is invalid'}.`,
      { file, field },
    );
  }
  const { exportedAt, head, events } = parsed.data;
  const result = verifyEvents({ events: events as ExportedEvent[], head });
  return { ...result, file, exportedAt, head };
}
