export const filterNames = ['kind', 'actor', 'environment', 'from', 'to'] as const;
export type FilterName = (typeof filterNames)[number];
export type Filters = Partial<Record<FilterName, string>>;
type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

/** A datetime-local value has no zone; the timeline shows UTC, so it is read as UTC too. */
function asUtc(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value}Z` : value;
}

/**
 * The timeline's filters as the URL holds them, and the query the events
 * route takes: `around=<seq>` reads back from just after that event so it is
 * always included.
 */
export function readAuditQuery(params: SearchParams) {
  const filters: Filters = {};
  for (const name of filterNames) {
    const value = firstParam(params, name);
    if (value) filters[name] = value;
  }
  const aroundText = firstParam(params, 'around');
  const around = aroundText && /^[1-9][0-9]{0,17}$/.test(aroundText) ? aroundText : undefined;
  const apiFilters: Filters = {
    ...filters,
    ...(filters.from ? { from: asUtc(filters.from) } : {}),
    ...(filters.to ? { to: asUtc(filters.to) } : {}),
  };
  const beforeSeq = around ? String(BigInt(around) + 1n) : undefined;
  const api = new URLSearchParams({ ...apiFilters, limit: '100', ...(beforeSeq ? { beforeSeq } : {}) });
  return { filters, apiFilters, around, beforeSeq, apiQuery: api.toString() };
}

export function eventHref(seq: string): string {
  return `/provenance?around=${seq}#event-${seq}`;
}
