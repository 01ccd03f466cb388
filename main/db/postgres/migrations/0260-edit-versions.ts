import type { PostgresMigration } from '../postgres-migration'

/** The version of each field people edit (issue 64), as a library's migration 0500 keeps them. */
export const migration: PostgresMigration = {
  version: 260,
  name: 'edit-versions',
  up: `
    CREATE TABLE edit_versions (
      record_kind text NOT NULL,
      record_id   text NOT NULL,
      field       text NOT NULL,
      version     integer NOT NULL,
      changed_by  text,
      changed_at  text NOT NULL,
      PRIMARY KEY (record_kind, record_id, field)
    );
  `,
}
