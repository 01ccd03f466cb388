/**
 * SQL that logs the asset `id` (an expression) to migration 0140's facet change log; nothing when the asset is
 * already gone (its own delete was logged). For the triggers of tables whose rows the facet index counts.
 */
export const logAsset = (id: string) =>
  `INSERT INTO facet_changes (video_rowid) SELECT rowid FROM videos WHERE id = ${id};`
