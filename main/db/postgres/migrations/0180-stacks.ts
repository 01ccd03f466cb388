import type { PostgresMigration } from '../postgres-migration'

/**
 * Stacks' own repository on a hub (issue 34): the path index a library's migration 0310 made beside `stack_members`
 * (this hub's 0150), by which the pairing of a video and its sidecar PNG imported in different jobs looks one up
 * from the other. In code-point order (COLLATE "C", as a library's BINARY text), so that the repository's range of
 * the paths that start with a prefix is a range of the index, and holds what a library's does; ids in the same order.
 */
export const migration: PostgresMigration = {
  version: 180,
  name: 'stacks',
  up: `
    CREATE INDEX videos_original_path ON videos (original_path COLLATE "C", id COLLATE "C")
      WHERE original_path IS NOT NULL;
  `,
}
