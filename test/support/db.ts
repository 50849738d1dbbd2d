import { Client } from 'pg';

/** A direct connection for tests that look underneath the API (catalog, RLS, tampering). */
export async function connect(which: 'app' | 'owner' | 'super'): Promise<Client> {
  const url = {
    app: process.env.TEST_APP_DATABASE_URL,
    owner: process.env.TEST_OWNER_DATABASE_URL,
    super: process.env.TEST_SUPER_DATABASE_URL,
  }[which];
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}
