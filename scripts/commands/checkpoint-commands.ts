import { readFile } from 'node:fs/promises';
import { DomainError } from '@/lib/errors';
import { proveInclusion } from '@/lib/server/checkpoints/prove-inclusion';
import { verifyExportCheckpoints } from '@/lib/server/checkpoints/verify-export-checkpoints';
import { verifyInclusionProof } from '@/lib/server/checkpoints/verify-inclusion-proof';
import { UsageError } from './usage-error';

/** `verify-audit <export> --checkpoints DIR [--key K]`: prints one line per finding; exit code 1 on a mismatch. */
export async function printCheckpointVerification(options: { file: string; dir: string; key?: string }) {
  const result = await verifyExportCheckpoints(options);
  const keys = `${result.keys.join(', ')} (from ${result.keySource === 'argument' ? '--key' : `${options.dir}/verifier-key.txt: compare it with the key you were given`})`;
  if (!result.consistent) {
    console.log(
      `CHECKPOINT MISMATCH at checkpoint ${result.firstMismatch?.size} (${result.firstMismatch?.file}): ${result.firstMismatch?.problem}`,
    );
    console.log(`  ${result.matched} earlier checkpoints matched; key ${keys}`);
    process.exitCode = 1;
    return;
  }
  const newer = result.newer > 0 ? `; ${result.newer} newer than the export, not covered` : '';
  console.log(`consistent with ${result.matched} signed checkpoints${newer}; key ${keys}`);
}

/** `audit-proof <export> <seq> --checkpoint FILE`: the proof as JSON on standard output. */
export async function printInclusionProof(options: { file?: string; seq?: string; checkpoint?: string }) {
  if (!options.file || !options.seq || !options.checkpoint) {
    throw new UsageError('audit-proof needs <export.json> <seq> --checkpoint <file>');
  }
  const checkpoint = await readText(options.checkpoint);
  const proof = await proveInclusion({ file: options.file, seq: options.seq, checkpoint });
  console.log(JSON.stringify(proof, null, 2));
}

/** `verify-inclusion <proof.json> --key K`. */
export async function printInclusionVerification(options: { file?: string; key?: string }) {
  if (!options.file || !options.key)
    throw new UsageError('verify-inclusion needs <proof.json> --key <verifier key>');
  let proof: unknown;
  try {
    proof = JSON.parse(await readText(options.file));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('INVALID_INPUT', `${options.file} is not JSON.`);
  }
  const result = verifyInclusionProof({ proof, key: options.key });
  if (result.included) {
    console.log(
      `included: event ${result.seq} (${result.kind}) is in the log of ${result.treeSize} events signed by ${result.key}`,
    );
    return;
  }
  console.log(`NOT PROVEN for event ${result.seq}: ${result.problem}`);
  process.exitCode = 1;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new DomainError('NOT_FOUND', `${file} cannot be read: ${(error as Error).message}`, { file });
  }
}
