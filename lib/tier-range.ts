/** Tiers are small numbers: no bundle has more, and no text of tiers is longer, than these. */
const TIER_RANGE_LIMITS = { maxTier: 999, textLength: 64 };

const PART = /^ *([1-9][0-9]{0,2}) *(?:- *([1-9][0-9]{0,2}) *)?$/;

/**
 * Parses "3", "1-6" or "1,2,4" into sorted unique tier numbers; null if
 * malformed. Each number is one to three ASCII digits, so a range never
 * spans more than 999 tiers whatever is typed; whether the tiers are in the
 * bundle is for the caller to check (applyTiers refuses any that are not).
 */
export function parseTierRange(text: string): number[] | null {
  if (text.length > TIER_RANGE_LIMITS.textLength) return null;
  const tiers = new Set<number>();
  for (const part of text.split(',')) {
    const match = PART.exec(part);
    if (!match) return null;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return null;
    for (let tier = from; tier <= to; tier += 1) tiers.add(tier);
  }
  return [...tiers].sort((a, b) => a - b);
}
