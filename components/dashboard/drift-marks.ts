/** A drift entry's cell as the heatmap keys it; an entry with only a collection marks that collection's whole row. */
export function driftCellKey(collection: string, responsibility?: string): string {
  return responsibility ? `${collection}\u001f${responsibility}` : collection;
}

export function isDriftedCell(
  keys: ReadonlySet<string>,
  collection: string,
  responsibility: string,
): boolean {
  return keys.has(driftCellKey(collection, responsibility)) || keys.has(collection);
}
