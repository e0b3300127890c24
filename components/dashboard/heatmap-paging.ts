/** Rows drawn at once per authority group: enough for any real bundle, small enough for any phone. */
export const HEATMAP_PAGE = 200;
