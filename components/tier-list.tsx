/** Writes tier numbers the way people say them: "1–2", "1–2, 4", or "none". */
export function TierList({ tiers }: { tiers: readonly number[] }) {
  return <>{formatTiers(tiers)}</>;
}

function formatTiers(tiers: readonly number[]): string {
  const sorted = [...new Set(tiers)].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0];
  for (let index = 0; index < sorted.length; index += 1) {
    const current = sorted[index];
    const next = sorted[index + 1];
    if (start === undefined || current === undefined) break;
    if (next === current + 1) continue;
    runs.push(current === start ? String(start) : `${start}–${current}`);
    start = next;
  }
  return runs.length > 0 ? runs.join(', ') : 'none';
}
