/**
 * JSON with object keys sorted at every depth and no white space, so the same
 * event always hashes the same, here and in an offline verifier.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  const copy = sortedCopy(value);
  return copy === UNSORTABLE ? writeCanonical(value) : (JSON.stringify(copy) as string);
}

/** sortedCopy's answer for a value only writeCanonical writes correctly. */
export const UNSORTABLE = Symbol('unsortable');

/**
 * A copy of a plain JSON value with every object's keys inserted in sorted
 * order, so that the engine's own JSON.stringify writes canonical JSON, which
 * is several times faster than writing it piece by piece. UNSORTABLE where
 * JSON.stringify would not write what writeCanonical writes: keys the engine
 * orders numerically or treats specially, holes, functions, and objects that
 * are not plain (a toJSON, a Date, a Map); those take writeCanonical.
 */
export function sortedCopy(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return UNSORTABLE;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) return UNSORTABLE;
      const item = sortedCopy(value[i]);
      if (item === UNSORTABLE) return UNSORTABLE;
      copy[i] = item;
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return UNSORTABLE;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (key === '__proto__' || INDEX_LIKE.test(key)) return UNSORTABLE;
    const item = sortedCopy(record[key]);
    if (item === UNSORTABLE) return UNSORTABLE;
    copy[key] = item;
  }
  return copy;
}

/** Engines list integer-like keys first, in numeric order, whatever the insertion order. */
const INDEX_LIKE = /^[0-9]+$/;

/** The definition of canonical JSON, written out piece by piece; sortedCopy's fast path must agree with it. */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => writeCanonical(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${writeCanonical(item)}`).join(',')}}`;
}
