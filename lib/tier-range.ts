/** Parses "3", "1-6" or "1,2,4" into sorted unique tier numbers; null if malformed. */
export function parseTierRange(text: string): number[] | null {
  const tiers = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) return null;
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from || to - from > 1000) return null;
    for (let tier = from; tier <= to; tier += 1) tiers.add(tier);
  }
  return [...tiers].sort((a, b) => a - b);
}
