export type Authority = { code: string; name: string };
export type AuthorityMark = { letter: string; swatch: string };

/**
 * Four fills with text at 4.5:1 or better. A bundle with more authorities
 * reuses them, and the letter (which is always shown) keeps cells apart.
 */
const swatches = [
  'bg-sky-700 text-white',
  'bg-amber-300 text-zinc-950',
  'bg-emerald-700 text-white',
  'bg-fuchsia-700 text-white',
] as const;

export const uncoveredSwatch =
  'border border-dashed border-zinc-400 bg-zinc-200 text-zinc-700 dark:border-zinc-500 dark:bg-zinc-800 dark:text-zinc-300';

/**
 * A short letter per authority, from the part of its code after the prefix
 * all codes share ("GOV-DOT" → "D"); longer where the first letters collide.
 */
export function authorityMarks(authorities: readonly Authority[]): Map<string, AuthorityMark> {
  const prefix = sharedPrefix(authorities.map((authority) => authority.code));
  const stems = authorities.map((authority) =>
    authority.code.slice(prefix.length).replace(/[^A-Za-z0-9]/g, ''),
  );
  const marks = new Map<string, AuthorityMark>();
  authorities.forEach((authority, index) => {
    const stem = stems[index] || authority.code;
    let length = 1;
    while (
      length < stem.length &&
      stems.some((other, at) => at !== index && other.startsWith(stem.slice(0, length)))
    )
      length += 1;
    marks.set(authority.code, {
      letter: stem.slice(0, Math.min(length, 3)).toUpperCase(),
      swatch: swatches[index % swatches.length] ?? swatches[0],
    });
  });
  return marks;
}

/** The longest prefix, ending at a "-" or "_", that every code starts with. */
function sharedPrefix(codes: readonly string[]): string {
  const first = codes[0] ?? '';
  let end = 0;
  for (let index = 0; index < first.length; index += 1) {
    if (!codes.every((code) => code[index] === first[index])) break;
    if (first[index] === '-' || first[index] === '_') end = index + 1;
  }
  return codes.length > 1 ? first.slice(0, end) : '';
}
