import 'server-only';
import pg from 'pg';

/**
 * Runs `work` on a connection of its own to `url`, outside every pool (the
 * control plane's owner, at start), in one transaction when asked: COMMIT on
 * return, ROLLBACK on error. The connection is always closed.
 */
export async function withDirectClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
  options: { transaction?: boolean } = {},
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (!options.transaction) return await work(client);
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (options.transaction) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
