import type { PostgresMigration } from '../postgres-migration'

/**
 * The hub's own facts, as a library's migration 0010 gives a library its own: an id of its own, its birth time (an
 * ISO time in UTC, as a library writes it) and a name the admin may change in Settings.
 */
export const migration: PostgresMigration = {
  version: 210,
  name: 'hub-identity',
  up: `
    INSERT INTO library_meta (key, value) VALUES
      ('library_id', gen_random_uuid()::text),
      ('created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      ('name', 'Framevault hub')
    ON CONFLICT (key) DO NOTHING;
  `,
}
