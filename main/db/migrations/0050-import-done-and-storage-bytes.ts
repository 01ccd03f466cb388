import type { Migration } from '../migration'

/**
 * What a finished import job got through (files with an outcome and their bytes), stored at
 * its last state change so a cancelled job still shows its figures after a reload; jobs that
 * ended before this get them from their recorded outcomes. And an index that answers the
 * library's storage sums (bytes of copied and of linked assets) without reading the wide
 * `videos` rows, so `library:info` needs no walk of media/.
 */
export const migration: Migration = {
  version: 50,
  name: 'import-done-and-storage-bytes',
  up(db) {
    db.exec(`
      ALTER TABLE import_jobs ADD COLUMN files_done INTEGER;
      ALTER TABLE import_jobs ADD COLUMN bytes_done INTEGER;
      UPDATE import_jobs SET
        files_done = (SELECT COUNT(*) FROM import_items i WHERE i.job_id = import_jobs.id),
        bytes_done = (SELECT COALESCE(SUM(i.size_bytes), 0) FROM import_items i WHERE i.job_id = import_jobs.id)
      WHERE state IN ('done', 'failed', 'cancelled');
      CREATE INDEX videos_storage_size ON videos (storage, size_bytes);
    `)
  },
}
