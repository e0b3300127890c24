/**
 * A drift entry's cells as the heatmap keys them: an entry with only a collection (a governed_collections row) marks
 * that collection's row, one with only a responsibility (a responsibility_kinds row) marks that column.
 */
export function driftCellKey(key: { collection?: string; responsibility?: string }): string {
  return `${key.collection ?? '*'}\u001f${key.responsibility ?? '*'}`;
}

export function isDriftedCell(
  keys: ReadonlySet<string>,
  collection: string,
  responsibility: string,
): boolean {
  return (
    keys.has(driftCellKey({ collection, responsibility })) ||
    keys.has(driftCellKey({ collection })) ||
    keys.has(driftCellKey({ responsibility }))
  );
}
