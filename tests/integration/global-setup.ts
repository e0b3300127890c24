import pg from 'pg';

/** Integration tests need the real PostgreSQL that `npm test` starts; fail loudly without it. */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_PG_URL;
  if (!url) {
    throw new Error(
      'TEST_PG_URL is not set: run the integration tests through `npm test`, which starts PostgreSQL 15.',
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = await client.query<{ server_version_num: string }>('SHOW server_version_num');
  await client.end();
  if (Number(version.rows[0]?.server_version_num) < 150000) {
    throw new Error(
      `Integration tests need PostgreSQL 15 or later, got ${version.rows[0]?.server_version_num}`,
    );
  }
}
