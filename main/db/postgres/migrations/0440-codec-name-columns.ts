import { addColumn } from '../../schema/table-ddl'
import { videos } from '../../schema/tables/assets'
import type { PostgresMigration } from '../postgres-migration'

/**
 * The two values a list item's codec name is made from, stored as columns of `videos` (issue 63): a page parsed the
 * metadata text for them in every row it read, 4 ms of a first page's 5 at a million assets. As a library's 0780.
 */
export const migration: PostgresMigration = {
  version: 440,
  name: 'codec-name-columns',
  up: ['codec_name', 'codec_profile'].map((column) => `${addColumn(videos, column, 'postgres')};`).join('\n'),
}
