import 'server-only';

type Queryable = { query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }> };

/** Whether `qualifiedName` (e.g. `one_roof.assignments`) names a table or view the session can see. */
export async function tableExists(client: Queryable, qualifiedName: string): Promise<boolean> {
  const found = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
    qualifiedName,
  ]);
  return found.rows[0]?.present === true;
}
