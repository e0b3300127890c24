// No 'server-only' and no database: this is what the offline verifier runs on an exported file.
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { checkRatificationEvent, type RatificationCheck } from '@/lib/server/audit/check-ratification-event';
import { scanExport } from '@/lib/server/audit/scan-export';
import {
  type ChainHead,
  ChainVerifier,
  type ExportedEvent,
  type VerifyResult,
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
  // Written only on refusals recorded since the code had its own field.
  code: z.string().min(1).optional(),
  hash: sha256,
});

const exportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT, `must be "${EXPORT_FORMAT}"`),
  exportedAt: z.string(),
  head: z.strictObject({ seq, hash: sha256 }),
  // Events are checked one at a time as the file streams; the header is read with the array left empty.
  events: z.array(eventSchema),
});

export type AuditExportVerification = VerifyResult & {
  file: string;
  exportedAt: string;
  head: ChainHead;
  /** Every successful ratification in the file, each with its passkey evidence checked. */
  ratifications: RatificationCheck[];
};

/**
 * Verifies a JSON audit export on its own: every hash, every link, the last
 * event against the head written into the file, and each ratification's
 * passkey signature. Ratifications are kept as short summaries: there are a
 * handful per release, so the file still streams in constant memory.
 */
export async function verifyAuditExport(options: { file: string }): Promise<AuditExportVerification> {
  const { file } = options;
  let verifier: ChainVerifier | null = null;
  let whole: { exportedAt: string; head: ChainHead } | null = null;
  let index = 0;
  const ratifications: RatificationCheck[] = [];
  for await (const piece of scanExport(file)) {
    if ('header' in piece) verifier = new ChainVerifier(readHeader(file, piece.header).head);
    else if ('outer' in piece) whole = readHeader(file, piece.outer);
    else {
      const event = readEvent(file, piece.event, index);
      verifier?.push(event);
      // Only a ratify event waits for a signature check, so a long chain of other events is not slowed.
      if (event.kind === 'proposal.ratify' && event.outcome === 'success')
        ratifications.push(await checkRatificationEvent({ event }));
      index += 1;
    }
  }
  if (!whole) throw new Error('scanExport ends with the outer text');
  const result = (verifier ?? new ChainVerifier(whole.head)).finish();
  return { ...result, file, exportedAt: whole.exportedAt, head: whole.head, ratifications };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError(
      'INVALID_INPUT',
      `${file} is not JSON (${(error as Error).message}); only the JSON export can be verified, not the CSV.`,
      { file },
    );
  }
}

function readHeader(file: string, text: string): { exportedAt: string; head: ChainHead } {
  const parsed = exportSchema.safeParse(parseJson(file, text));
  if (!parsed.success) refuse(file, parsed.error.issues[0]);
  return parsed.data;
}

function readEvent(file: string, text: string, index: number): ExportedEvent {
  const parsed = eventSchema.safeParse(parseJson(file, text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(file, issue && { ...issue, path: ['events', index, ...issue.path] });
  }
  return parsed.data as ExportedEvent;
}

function refuse(file: string, issue: { path: PropertyKey[]; message: string } | undefined): never {
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
