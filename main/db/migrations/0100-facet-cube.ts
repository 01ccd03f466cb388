import type { Migration } from '../migration'

/**
 * Facet summary tables ("cubes", issue 8 item 9): media:facets at a million assets.
 *
 * - `facet_cube`: one row per combination of the checkbox facets as the facet groups of
 *   main/db/repos/media-search.ts group them (media type, source, status, codec, container,
 *   audio, rating, width, height; orientation follows from width and height), with its count
 *   and the least/greatest duration, size and import time (the ranges of MediaFacets).
 * - `facet_tag_cube`: one row per (tag, combination of the checkbox facets with orientation in
 *   place of width and height), with how many assets of that combination carry the tag.
 *
 * For a filter state made only of checkbox facets, media:facets reads these few thousand rows
 * instead of walking `videos_facets` and every `asset_tags` row. Triggers keep them right in the
 * writer's transaction, as the FTS triggers of 0060 do, so no writer needs to know they exist.
 * Key columns have the types (affinities) of their `videos` columns, so they hold what `videos`
 * holds, compare as the exact path compares, and `IS` between the two can use the key index.
 * Counting in is one upsert per row (the hot path of imports and tagging). A removed extreme
 * (least/greatest) is read again from `videos` through `videos_facets`, whose key starts with
 * the combination.
 */
const KEY = ['media_type', 'source_type', 'status', 'codec', 'container', 'has_audio', 'rating']
// As declared in migrations 0020 and 0060 (the range columns take no affinity: they are never looked up).
const TYPES: Record<string, string> = {
  media_type: 'TEXT',
  source_type: 'TEXT',
  status: 'INTEGER',
  codec: 'TEXT',
  container: 'TEXT',
  has_audio: 'INTEGER',
  rating: 'INTEGER',
  width: 'INTEGER',
  height: 'INTEGER',
  orientation: 'TEXT',
}
const GROUP_KEY = [...KEY, 'width', 'height']
const TAG_KEY = [...KEY, 'orientation']
const RANGES = [
  ['duration', 'duration_seconds'],
  ['size', 'size_bytes'],
  ['imported', 'sort_imported'],
] as const

/** `a.col IS b.col AND …` over the given columns. */
const same = (columns: readonly string[], a: string, b: string) =>
  columns.map((column) => `${a}.${column} IS ${b}.${column}`).join(' AND ')
// A cube's unique key: NULL as an empty blob, which no TEXT or INTEGER value of `videos` equals, because
// UNIQUE takes NULLs as distinct and an upsert needs one row per key. Comparisons name it exactly so, to use the index.
const keyOf = (columns: readonly string[], row = '') => columns.map((column) => `ifnull(${row}${column}, x'')`)
const sameKey = (columns: readonly string[], a: string, b: string) => {
  const right = keyOf(columns, `${b}.`)
  return keyOf(columns, `${a}.`)
    .map((left, index) => `${left} = ${right[index]}`)
    .join(' AND ')
}

/** Counts `row` (new or old) into the group cube: one upsert. */
function addGroup(row: string): string {
  const merged = RANGES.flatMap(([name]) => [
    `min_${name} = coalesce(min(min_${name}, excluded.min_${name}), min_${name}, excluded.min_${name})`,
    `max_${name} = coalesce(max(max_${name}, excluded.max_${name}), max_${name}, excluded.max_${name})`,
  ])
  const values = RANGES.flatMap(([, column]) => [`${row}.${column}`, `${row}.${column}`])
  return `
    INSERT INTO facet_cube (${GROUP_KEY.join(', ')}, orientation, count, ${RANGES.map(([n]) => `min_${n}, max_${n}`).join(', ')})
    SELECT ${GROUP_KEY.map((c) => `${row}.${c}`).join(', ')}, ${row}.orientation, 1, ${values.join(', ')} WHERE true
    ON CONFLICT (${keyOf(GROUP_KEY).join(', ')}) DO UPDATE SET count = count + 1, ${merged.join(', ')};`
}

/** Takes `row` out of the group cube; runs after the row left `videos` (or changed there). */
function removeGroup(row: string): string {
  const where = sameKey(GROUP_KEY, 'facet_cube', row)
  const reread = RANGES.flatMap(([name, column]) => [
    `min_${name} = (SELECT min(v.${column}) FROM videos v WHERE ${same(GROUP_KEY, 'v', row)})`,
    `max_${name} = (SELECT max(v.${column}) FROM videos v WHERE ${same(GROUP_KEY, 'v', row)})`,
  ])
  const extreme = RANGES.map(([name, column]) => `${row}.${column} IN (min_${name}, max_${name})`).join(' OR ')
  return `
    UPDATE facet_cube SET count = count - 1 WHERE ${where};
    DELETE FROM facet_cube WHERE ${where} AND count <= 0;
    UPDATE facet_cube SET ${reread.join(', ')} WHERE ${where} AND (${extreme});`
}

/**
 * Adds `delta` (+1/-1) to the tag cube for each (tag, key) row of `source`, a SELECT of `tag_id`
 * and the TAG_KEY columns. Rows are found through the unique key index, never by a scan.
 */
function tagDelta(source: string, delta: 1 | -1): string {
  if (delta > 0)
    return `
    INSERT INTO facet_tag_cube (tag_id, ${TAG_KEY.join(', ')}, count)
    SELECT s.tag_id, ${TAG_KEY.map((c) => `s.${c}`).join(', ')}, 1 FROM (${source}) s WHERE true
    ON CONFLICT (tag_id, ${keyOf(TAG_KEY).join(', ')}) DO UPDATE SET count = count + 1;`
  const found = `SELECT c.rowid FROM (${source}) s JOIN facet_tag_cube c ON c.tag_id = s.tag_id AND ${sameKey(TAG_KEY, 'c', 's')}`
  return `
    UPDATE facet_tag_cube SET count = count - 1 WHERE rowid IN (${found});
    DELETE FROM facet_tag_cube WHERE rowid IN (${found}) AND count <= 0;`
}

/** The tags of the asset in `row` (new or old of a videos trigger), with its key. */
const tagsOfAsset = (row: string) =>
  `SELECT a.tag_id AS tag_id, ${TAG_KEY.map((c) => `${row}.${c} AS ${c}`).join(', ')} FROM asset_tags a WHERE a.asset_id = ${row}.id`
/** The tag in `row` (new or old of an asset_tags trigger), with its asset's key. */
const assetOfTag = (row: string) =>
  `SELECT ${row}.tag_id AS tag_id, ${TAG_KEY.map((c) => `v.${c} AS ${c}`).join(', ')} FROM videos v WHERE v.id = ${row}.asset_id`

// Every stored column a key or range is computed from (UPDATE OF cannot name generated columns).
const SOURCES = ['media_type', 'source_type', 'status', 'codec', 'resolution', 'metadata', 'rating']
const RANGE_SOURCES = ['duration_seconds', 'size_bytes', 'imported_at', 'created_at']
const changed = (columns: readonly string[]) => columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')

export const migration: Migration = {
  version: 100,
  name: 'facet-cube',
  up(db) {
    const rangeColumns = RANGES.map(([name]) => `min_${name}, max_${name}`).join(', ')
    db.exec(`
      CREATE TABLE facet_cube (
        ${[...GROUP_KEY, 'orientation'].map((c) => `${c} ${TYPES[c]}`).join(', ')},
        count INTEGER NOT NULL, ${rangeColumns}
      );
      CREATE UNIQUE INDEX facet_cube_key ON facet_cube (${keyOf(GROUP_KEY).join(', ')});
      CREATE TABLE facet_tag_cube (
        tag_id INTEGER NOT NULL, ${TAG_KEY.map((c) => `${c} ${TYPES[c]}`).join(', ')},
        count INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX facet_tag_cube_key ON facet_tag_cube (tag_id, ${keyOf(TAG_KEY).join(', ')});

      INSERT INTO facet_cube (${GROUP_KEY.join(', ')}, orientation, count, ${rangeColumns})
      SELECT ${GROUP_KEY.join(', ')}, orientation, count(*),
        ${RANGES.map(([, c]) => `min(${c}), max(${c})`).join(', ')}
      FROM videos INDEXED BY videos_facets GROUP BY ${GROUP_KEY.join(', ')};
      INSERT INTO facet_tag_cube (tag_id, ${TAG_KEY.join(', ')}, count)
      SELECT a.tag_id, ${TAG_KEY.map((c) => `v.${c}`).join(', ')}, count(*)
      FROM asset_tags a JOIN videos v ON v.id = a.asset_id GROUP BY a.tag_id, ${TAG_KEY.map((c) => `v.${c}`).join(', ')};

      CREATE TRIGGER facet_cube_insert AFTER INSERT ON videos BEGIN
        ${addGroup('new')}
        ${tagDelta(tagsOfAsset('new'), 1)}
      END;
      -- Tags go before the row does: the cascade of asset_tags runs after the row is gone.
      CREATE TRIGGER facet_cube_delete_tags BEFORE DELETE ON videos BEGIN
        ${tagDelta(tagsOfAsset('old'), -1)}
      END;
      CREATE TRIGGER facet_cube_delete AFTER DELETE ON videos BEGIN
        ${removeGroup('old')}
      END;
      CREATE TRIGGER facet_cube_update AFTER UPDATE OF ${[...SOURCES, ...RANGE_SOURCES].join(', ')} ON videos
      WHEN ${changed([...SOURCES, ...RANGE_SOURCES])} BEGIN
        ${removeGroup('old')}
        ${addGroup('new')}
      END;
      CREATE TRIGGER facet_tag_cube_update AFTER UPDATE OF ${SOURCES.join(', ')} ON videos
      WHEN ${changed(SOURCES)} BEGIN
        ${tagDelta(tagsOfAsset('old'), -1)}
        ${tagDelta(tagsOfAsset('new'), 1)}
      END;
      CREATE TRIGGER facet_tag_cube_tag AFTER INSERT ON asset_tags BEGIN
        ${tagDelta(assetOfTag('new'), 1)}
      END;
      -- Finds no asset (so does nothing) in the cascade of an asset's delete: its BEFORE trigger counted it out.
      CREATE TRIGGER facet_tag_cube_untag AFTER DELETE ON asset_tags BEGIN
        ${tagDelta(assetOfTag('old'), -1)}
      END;
    `)
  },
}
