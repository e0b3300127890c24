import 'server-only';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';
import { parseDuration } from '@/lib/server/bundle/parse-duration';

/**
 * The policy constant a seed tier's gate block disagrees with its manifest on, as a
 * sentence: the block, not the manifest, is what the database enforces under psql.
 */
export function policyDisagreement(
  manifest: Manifest,
  gate: string,
): { constant: string; sentence: string } | null {
  const { quorum, ratifyingLevels, quorumMode, ratificationExpiresAfter } = manifest.proposal;
  const seconds =
    ratificationExpiresAfter === undefined ? null : parseDuration({ text: ratificationExpiresAfter });
  const constants = [
    {
      constant: 'quorum',
      pattern: /^ {2}quorum +constant integer := ([0-9]+);$/m,
      manifest: 'manifest.proposal.quorum',
      want: String(quorum),
    },
    {
      constant: 'levels',
      pattern: /^ {2}levels +constant text\[\] +:= ARRAY\[([^\]\n]*)\];$/m,
      manifest: 'manifest.proposal.ratifyingLevels',
      want: [...ratifyingLevels]
        .sort()
        .map((level) => `'${level}'`)
        .join(', '),
    },
    {
      constant: 'mode',
      pattern: /^ {2}mode +constant text +:= '([a-z]*)';$/m,
      manifest: 'manifest.proposal.quorumMode',
      want: quorumMode,
    },
    {
      constant: 'expires',
      pattern: /^ {2}expires +constant interval := (NULL|interval '[0-9]+ seconds');$/m,
      manifest: 'manifest.proposal.ratificationExpiresAfter',
      want: seconds === null ? 'NULL' : `interval '${seconds} seconds'`,
    },
  ];
  for (const check of constants) {
    const found = check.pattern.exec(gate)?.[1];
    if (found === undefined) {
      return {
        constant: check.constant,
        sentence: `its gate has no ${check.constant} constant of the expected form, so what it enforces cannot be checked against ${check.manifest}`,
      };
    }
    if (found !== check.want) {
      return {
        constant: check.constant,
        sentence: `its gate's ${check.constant} is ${found} but ${check.manifest} makes it ${check.want}; the database would enforce the file, not the manifest`,
      };
    }
  }
  return null;
}
