import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The role a hub connects as to the PostgreSQL it runs: the owner of its database, and nothing more. */
export const APP_ROLE = 'framevault_app'
/** The role workers connect as: it reads and writes the catalogue's rows, and changes no table. */
export const WORKER_ROLE = 'framevault_worker'

/** The logins of a catalogue on the hub's own server, set up by its superuser. */
export interface CatalogueRoles {
  /** The hub's URL: the catalogue role's. */
  url: string
  /** The URL workers are given (`GET /worker`), with the worker role's password of now. */
  workerUrl(): string
  /** Gives the worker role a new password and ends its sessions: whoever held the old one is out. */
  rotateWorkers(): Promise<void>
}

// Nothing beyond a login: no superuser, no new roles or databases, no replication, row security applies.
const PLAIN = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT'

/**
 * Sets up the roles of the catalogue at `superuserUrl` (the embedded server's superuser, which the hub keeps for
 * this and hands to no one): `framevault_app` owns the database and what is in it (a catalogue an earlier hub made
 * as the superuser is given to it), `framevault_worker` may read and write its tables' rows (also of tables made
 * later). Both get new passwords now, kept in this process alone, so each start ends what the last one handed out.
 */
export async function setUpCatalogueRoles(superuserUrl: string): Promise<CatalogueRoles> {
  const appPassword = newPassword()
  let workerPassword = newPassword()
  await asSuperuser(superuserUrl, async (client) => {
    const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name
    await client.query('BEGIN')
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE}; END IF;
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${WORKER_ROLE}') THEN CREATE ROLE ${WORKER_ROLE}; END IF;
    END $$`)
    await client.query(`ALTER ROLE ${APP_ROLE} ${PLAIN} PASSWORD ${client.escapeLiteral(appPassword)}`)
    await client.query(`ALTER ROLE ${WORKER_ROLE} ${PLAIN} PASSWORD ${client.escapeLiteral(workerPassword)}`)
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} OWNER TO ${APP_ROLE}`)
    await client.query(GIVE_TO_APP)
    await client.query(WORKER_GRANTS)
    await client.query('COMMIT')
  })
  const as = (role: string, password: string) => {
    const url = new URL(superuserUrl)
    url.username = role
    url.password = password
    return url.toString()
  }
  return {
    url: as(APP_ROLE, appPassword),
    workerUrl: () => as(WORKER_ROLE, workerPassword),
    async rotateWorkers() {
      const next = newPassword()
      await asSuperuser(superuserUrl, async (client) => {
        await client.query(`ALTER ROLE ${WORKER_ROLE} PASSWORD ${client.escapeLiteral(next)}`)
        await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${WORKER_ROLE}'`)
      })
      workerPassword = next
    },
  }
}

function newPassword(): string {
  return randomBytes(24).toString('base64url')
}

async function asSuperuser(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  // A connection that fails meanwhile fails the work's query, which says why.
  client.on('error', () => {})
  await client.connect()
  try {
    await work(client)
  } finally {
    await client.end().catch(() => {})
  }
}

// The catalogue's own schemas (the alias n), and the objects no extension brought (an extension's stay its owner's).
const OURS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`
const notFromExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`

// What the superuser owns in the catalogue (an earlier hub migrated as it), given to the catalogue role: schemas,
// tables (their indexes and column sequences with them), other sequences, functions and collations.
const GIVE_TO_APP = `DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT n.nspname FROM pg_namespace n
      WHERE n.nspowner = current_user::regrole AND n.nspname <> 'public' AND ${OURS} LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', item.nspname);
  END LOOP;
  FOR item IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relowner = current_user::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${OURS}
        AND ${notFromExtension('pg_class', 'c.oid')} LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                        ELSE 'TABLE' END, item.name);
  END LOOP;
  -- Read after the tables moved: the sequences of their columns moved with them.
  FOR item IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relowner = current_user::regrole AND c.relkind = 'S' AND ${OURS}
        AND ${notFromExtension('pg_class', 'c.oid')} LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO ${APP_ROLE}', item.name);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.proowner = current_user::regrole AND ${OURS} AND ${notFromExtension('pg_proc', 'p.oid')} LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', item.name);
  END LOOP;
  FOR item IN SELECT n.nspname, c.collname FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
      WHERE c.collowner = current_user::regrole AND ${OURS} LOOP
    EXECUTE format('ALTER COLLATION %I.%I OWNER TO ${APP_ROLE}', item.nspname, item.collname);
  END LOOP;
END $$`

// The worker role's rights: the rows of every table and sequence the catalogue role has and makes (its migrations
// run as it), and the schemas it makes (unaccent's). No CREATE anywhere: a worker changes no table or function.
const WORKER_GRANTS = `DO $$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT nspname FROM pg_namespace
      WHERE nspowner = '${APP_ROLE}'::regrole OR nspname = 'public' LOOP
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${WORKER_ROLE}', item.nspname);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${WORKER_ROLE}', item.nspname);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO ${WORKER_ROLE}', item.nspname);
  END LOOP;
  ALTER DEFAULT PRIVILEGES FOR ROLE ${APP_ROLE} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${WORKER_ROLE};
  ALTER DEFAULT PRIVILEGES FOR ROLE ${APP_ROLE} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${WORKER_ROLE};
  ALTER DEFAULT PRIVILEGES FOR ROLE ${APP_ROLE} GRANT USAGE ON SCHEMAS TO ${WORKER_ROLE};
END $$`
