import { addColumn } from '../schema/table-ddl'
import { videos } from '../schema/tables/assets'
import type { Migration } from '../migration'

/**
 * The two values a list item's codec name is made from, as columns of `videos` (computed as read, so no backfill): a
 * page reads them rather than the metadata JSON, as a hub's stored ones (its migration 0440).
 */
export const migration: Migration = {
  version: 780,
  name: 'codec-name-columns',
  up(db) {
    for (const column of ['codec_name', 'codec_profile']) db.exec(addColumn(videos, column, 'sqlite'))
  },
}
