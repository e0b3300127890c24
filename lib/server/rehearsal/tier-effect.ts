export type Difference = { object: string; detail: string };
export type Triple = [collection: string, responsibility: string, authority: string];
export type TierEffect = { assignments: Triple[]; differences: Difference[] };
