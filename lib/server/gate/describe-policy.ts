import 'server-only';
import type { Manifest } from '@/lib/server/bundle/manifest-schema';
import { parseDuration } from '@/lib/server/bundle/parse-duration';

export type RatificationPolicy = {
  mode: 'any' | 'each';
  quorum: number;
  levels: string[];
  /** As the manifest writes it (ISO 8601), and in seconds; null: a ratification stands until revoked. */
  expiresAfter: string | null;
  expiresAfterSeconds: number | null;
  /** The expiry in words, e.g. "30 days"; null when there is none. */
  expiresAfterWords: string | null;
  /** In words, e.g. "1 ratification from L2 or L4; a ratification does not expire." */
  sentence: string;
};

/** The proposal's ratification policy, with the sentence every screen shows for it. */
export function describePolicy(options: { proposal: Manifest['proposal'] }): RatificationPolicy {
  const { quorum, quorumMode: mode, ratifyingLevels: levels, ratificationExpiresAfter } = options.proposal;
  const expiresAfterSeconds =
    ratificationExpiresAfter === undefined ? null : parseDuration({ text: ratificationExpiresAfter });
  const need =
    mode === 'each'
      ? `one ratification from ${list(
          levels.map((level, index) => (index === 0 ? level : `one from ${level}`)),
          'and',
        )}`
      : `${quorum} ratification${quorum === 1 ? '' : 's'}${quorum === 1 ? '' : ' by different approvers'} from ${list(levels, 'or')}`;
  const expiresAfterWords = expiresAfterSeconds === null ? null : durationInWords(expiresAfterSeconds);
  const lapse =
    expiresAfterWords === null
      ? 'a ratification does not expire'
      : `each expires ${expiresAfterWords} after it is given`;
  const sentence = `${need.charAt(0).toUpperCase()}${need.slice(1)}; ${lapse}.`;
  return {
    mode,
    quorum,
    levels: [...levels],
    expiresAfter: ratificationExpiresAfter ?? null,
    expiresAfterSeconds,
    expiresAfterWords,
    sentence,
  };
}

function list(items: string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

function durationInWords(seconds: number): string {
  const units: [string, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ];
  let left = seconds;
  const parts: string[] = [];
  for (const [name, size] of units) {
    const amount = Math.floor(left / size);
    left -= amount * size;
    if (amount > 0) parts.push(`${amount} ${name}${amount === 1 ? '' : 's'}`);
  }
  return list(parts, 'and');
}
