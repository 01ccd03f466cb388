import type { Migration } from '../migration'

/**
 * The library's copies (rows with an object key, migration 0430) found without reading every asset: at each open
 * the library looks for one to see whether its folder moved (main/library/owned-paths.ts), and in a million assets
 * that link their files and copy none, that search read the whole table (0.7–1 s). Indexed by the storage column,
 * a few bytes a copy.
 */
export const migration: Migration = {
  version: 490,
  name: 'owned-copies-index',
  up(db) {
    db.exec('CREATE INDEX videos_owned_copies ON videos (storage) WHERE object_key IS NOT NULL')
  },
}
