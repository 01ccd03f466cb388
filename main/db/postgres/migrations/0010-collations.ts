import type { PostgresMigration } from '../postgres-migration'

/**
 * Names compared in any case, as SQLite's COLLATE NOCASE columns compare them in a library: a
 * nondeterministic ICU collation at secondary strength (case is ignored, accents are not). ICU also folds
 * the case of letters beyond ASCII, which NOCASE does not.
 */
export const migration: PostgresMigration = {
  version: 10,
  name: 'collations',
  up: `CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);`,
}
