import type { PostgresMigration } from '../postgres-migration'

/** A fourth role, `commenter` (issue 60 point 3), as a library's migration 0610. */
export const migration: PostgresMigration = {
  version: 350,
  name: 'commenter-role',
  up: `
    ALTER TABLE people DROP CONSTRAINT people_role_check;
    ALTER TABLE people ADD CONSTRAINT people_role_check CHECK (role IN ('viewer', 'commenter', 'editor', 'admin'));
  `,
}
