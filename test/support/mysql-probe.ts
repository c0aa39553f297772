import { createConnection } from 'mysql2/promise';

export const DEFAULT_TEST_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

/** Whether a MySQL server answers at `url`; the error message when it does not. */
export async function probeMysql(url: string): Promise<string | null> {
  try {
    const connection = await createConnection({
      uri: url,
      connectTimeout: 3_000,
    });
    await connection.query('SELECT 1');
    await connection.end();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
