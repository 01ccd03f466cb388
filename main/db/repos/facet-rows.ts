import type { Database } from 'better-sqlite3'
import { writeOpen } from '../sql/sqlite-engine'
import { createFtsPrefixReader } from './fts-prefix-reader'
import { eachInteger } from './integer-list'
import { BROWSE_SQL } from '../browse-model/dialect-sql'
import type { FacetRow, GenerationColumns } from '../browse-model/facet-row'
import { TABLE_FACETS } from '../browse-model/filters'

const S = BROWSE_SQL.sqlite
// An asset's generation facets, as the page filters test them (browse-model/filters.ts).
const GENERATION_COLUMNS = `g.provider, g.model, ${S.param('sampler')}, ${S.param('steps')}`
const LORAS = `video_generation g CROSS JOIN videos v ON v.id = g.video_id, json_each(g.generation_params, '$.loras') l`

// The facets the filter table declares (browse-model/filters.ts), stored columns of videos in videos_facets.
const TABLE_COLUMNS = TABLE_FACETS.map((filter) => `, v.${filter.column}`).join('')

const FACET_COLUMNS = `v.rowid, v.media_type, v.source_type, v.status, v.codec, v.container, v.has_audio, v.rating,
  v.width, v.height, v.duration_seconds, v.size_bytes,
  CAST(round(unixepoch(v.sort_imported, 'subsec') * 1000) AS INTEGER)`

/**
 * The reads of the in-memory facet index (main/services/facet-index/): every asset's facet columns
 * once, then only the assets that migration 0140's change log names. Rows come as arrays (`raw`):
 * better-sqlite3's row objects cost twice as much at a million rows.
 */
export function createFacetRowsRepo(db: Database) {
  // videos_facets holds every column but health (the table's facets too, library migration 0600), so the full
  // read walks that index, not the table; health is set on the few flagged assets only, found through
  // migration 0080's partial index, and near-duplicates on the assets near_duplicate_assets lists.
  const allStmt = db
    .prepare<[], FacetRow>(
      `SELECT ${FACET_COLUMNS}, NULL, 0, NULL, NULL, NULL, NULL, 0, 0${TABLE_COLUMNS} FROM videos v INDEXED BY videos_facets`,
    )
    .raw()
  const maxRowidStmt = db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM videos').pluck()
  const flaggedStmt = db
    .prepare<[], [number, string]>(
      'SELECT v.rowid, v.health FROM videos v INDEXED BY videos_health WHERE v.health IS NOT NULL',
    )
    .raw()
  // CROSS JOIN keeps the few listed assets outermost: left to choose, SQLite walked all of videos' id index
  // (a million probes, 0.4 s in one go at the first read) to probe an empty table (a plain join elsewhere).
  const nearDuplicatesStmt = db
    .prepare<[], number>('SELECT v.rowid FROM near_duplicate_assets n CROSS JOIN videos v ON v.id = n.asset_id')
    .pluck()
  const someStmt = db
    .prepare<[string], FacetRow>(
      `SELECT ${FACET_COLUMNS}, v.health, ${S.nearDuplicates}, ${GENERATION_COLUMNS}, ${S.hasWorkflow}, ${S.stacked}${TABLE_COLUMNS}
       FROM videos v LEFT JOIN video_generation g ON g.video_id = v.id
       WHERE v.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw()
  const generationStmt = db
    .prepare<[], [number, ...GenerationColumns]>(
      `SELECT v.rowid, ${GENERATION_COLUMNS} FROM video_generation g CROSS JOIN videos v ON v.id = g.video_id`,
    )
    .raw()
  // The members outermost, each probed for its head: a pass over stack_members, not over videos.
  const stackedStmt = db
    .prepare<[], number>(
      `SELECT m.rowid FROM stack_members s CROSS JOIN videos m ON m.id = s.member_id
       WHERE EXISTS (SELECT 1 FROM videos h WHERE h.id = s.head_id)`,
    )
    .pluck()
  const withWorkflowStmt = db
    .prepare<[], number>('SELECT DISTINCT v.rowid FROM workflow_videos wv CROSS JOIN videos v ON v.id = wv.video_id')
    .pluck()
  const allLorasStmt = db
    .prepare<[], [number, string]>(
      `SELECT DISTINCT v.rowid, ${S.loraName} FROM ${LORAS} WHERE ${S.loraName} IS NOT NULL`,
    )
    .raw()
  const someLorasStmt = db
    .prepare<[string], [number, string]>(
      `SELECT DISTINCT v.rowid, ${S.loraName} FROM ${LORAS}
       WHERE ${S.loraName} IS NOT NULL AND v.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw()
  const changedStmt = db
    .prepare<[number], number>('SELECT DISTINCT video_rowid FROM facet_changes WHERE seq > ?')
    .pluck()
  const firstSeqStmt = db.prepare<[], number | null>('SELECT min(seq) FROM facet_changes').pluck()
  const totalChangesStmt = db.prepare<[], number>('SELECT total_changes()').pluck()
  // AUTOINCREMENT's counter: the last entry ever made, even when the trim has removed it.
  const lastSeqStmt = db
    .prepare<[], number>("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'facet_changes'")
    .pluck()
  // Memberships outermost in asset id order, so the probes of videos' id index walk it forward: all tags of a
  // million assets in 0.2 s, where the planner's own order took 1.4 s (7 times that with a cold page cache).
  const membershipSql = (table: string, assetColumn: string, groupColumn: string, where: string) =>
    db
      .prepare<unknown[], [number, number]>(
        `SELECT v.rowid, m.${groupColumn} FROM ${table} m CROSS JOIN videos v ON v.id = m.${assetColumn} ${where}`,
      )
      .raw()
  const someFilter = (column: string) =>
    `WHERE m.${column} IN (SELECT id FROM videos WHERE rowid IN (SELECT value FROM json_each(?)))`
  const allTags = membershipSql('asset_tags', 'asset_id', 'tag_id', 'ORDER BY m.asset_id')
  const someTags = membershipSql('asset_tags', 'asset_id', 'tag_id', someFilter('asset_id'))
  const allCollections = membershipSql('collection_items', 'video_id', 'collection_id', 'ORDER BY m.video_id')
  const someCollections = membershipSql('collection_items', 'video_id', 'collection_id', someFilter('video_id'))
  const tagIdsStmt = db
    .prepare<[string], number>('SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(?))')
    .pluck()
  const tagNamesStmt = db
    .prepare<[string], [number, string]>('SELECT id, name FROM tags WHERE id IN (SELECT value FROM json_each(?))')
    .raw()
  // Lists of rowids as one blob (integer-list.ts).
  const prefixReader = createFtsPrefixReader(db)
  const ftsRowidsStmt = db
    .prepare<[string], Buffer | null>(
      'SELECT CAST(group_concat(rowid) AS BLOB) FROM videos_fts WHERE videos_fts MATCH ?',
    )
    .pluck()
  // From either end of the text index's order, as far as `limit` rows: what a rowid range costs. FTS5 reads
  // the whole of a common word's list (4 ms at a million assets) for any bound on rowid, not for ORDER BY and LIMIT.
  const ftsEndStmt = (dir: 'ASC' | 'DESC') =>
    db
      .prepare<[string, number], Buffer | null>(
        `SELECT CAST(group_concat(rowid) AS BLOB) FROM (
           SELECT rowid FROM videos_fts WHERE videos_fts MATCH ? ORDER BY rowid ${dir} LIMIT ?)`,
      )
      .pluck()
  const ftsFirstStmt = ftsEndStmt('ASC')
  const ftsLastStmt = ftsEndStmt('DESC')
  const ftsBoundsStmt = db
    .prepare<[], [number | null, number | null]>(
      'SELECT (SELECT min(fts_rowid) FROM videos_fts_keys), (SELECT max(fts_rowid) FROM videos_fts_keys)',
    )
    .raw()
  // In asset id order on both sides, so the join walks two indexes forward (0.4 s at a million assets, 3 s in key order).
  const eachFtsPairStmt = db
    .prepare<[], [number, number]>(
      `SELECT k.fts_rowid, v.rowid FROM videos_fts_keys k CROSS JOIN videos v ON v.id = k.asset_id ORDER BY k.asset_id`,
    )
    .raw()
  const someFtsPairsStmt = db
    .prepare<[string], [number, number]>(
      `SELECT k.fts_rowid, v.rowid FROM videos v JOIN videos_fts_keys k ON k.asset_id = v.id
       WHERE v.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw()
  return {
    /**
     * Every asset's facet columns, health left NULL (see flagged), near-duplicates 0 (see nearDuplicates), and
     * generation, workflow and stack columns as none (see generation, withWorkflow, stacked);
     * one at a time, a million rows are many arrays.
     */
    all: (): IterableIterator<FacetRow> => allStmt.iterate(),
    /** The highest rowid in use (0 when there is no asset). */
    maxRowid: (): number => maxRowidStmt.get() ?? 0,
    /** The assets with a health flag, and the flag. */
    flagged: (): Map<number, string> => new Map(flaggedStmt.all()),
    /** The generation facets of the assets that have generation details, by rowid. */
    generation: (): Map<number, GenerationColumns> =>
      new Map(generationStmt.all().map(([rowid, ...columns]) => [rowid, columns])),
    /** The rowids of the members of stacks whose head is in the library. */
    stacked: (): Set<number> => new Set(stackedStmt.all()),
    /** The rowids of the assets a workflow made or used. */
    withWorkflow: (): Set<number> => new Set(withWorkflowStmt.all()),
    /** Every asset's LoRAs (asset rowid, LoRA name), one at a time. */
    eachLora: (): IterableIterator<[number, string]> => allLorasStmt.iterate(),
    /** The LoRAs (asset rowid, LoRA name) of these assets. */
    lorasOf: (rowids: readonly number[]): Array<[number, string]> => someLorasStmt.all(JSON.stringify(rowids)),
    /** The rowids of the assets with near-duplicates. */
    nearDuplicates: (): Set<number> => new Set(nearDuplicatesStmt.all()),
    /** The facet columns of these assets (those still present). */
    some: (rowids: readonly number[]): FacetRow[] => someStmt.all(JSON.stringify(rowids)),
    /** The tag memberships (asset rowid, tag id) of these assets. */
    tagsOf: (rowids: readonly number[]): Array<[number, number]> => someTags.all(JSON.stringify(rowids)),
    /** Every tag membership (asset rowid, tag id), one at a time. */
    eachTag: (): IterableIterator<[number, number]> => allTags.iterate(),
    /** Every collection membership (asset rowid, collection id), one at a time. */
    eachCollection: (): IterableIterator<[number, number]> => allCollections.iterate(),
    /** Each asset's FTS rowid and videos rowid, one pair at a time (in asset id order, as ftsPairs reads them). */
    eachFtsPair: (): IterableIterator<[number, number]> => eachFtsPairStmt.iterate(),
    /** The collection memberships (asset rowid, collection id) of these assets. */
    collectionsOf: (rowids: readonly number[]): Array<[number, number]> => someCollections.all(JSON.stringify(rowids)),
    /** The oldest entry the change log still holds (null when it is empty). */
    firstSeq: (): number | null => firstSeqStmt.get() ?? null,
    /** The last entry ever made in the change log (0 when it never had one). */
    lastSeq: (): number => lastSeqStmt.get() ?? 0,
    /**
     * Changes when anything in the database may have: another connection's commit (data_version) or a row this
     * connection wrote (total_changes). The facet change log leaves out what facets do not count, such as notes.
     */
    writesSeen: (): string => `${db.pragma('data_version', { simple: true })}:${totalChangesStmt.get()}`,
    /** The assets the change log names after entry `seq`. */
    changedSince: (seq: number): number[] => changedStmt.all(seq),
    /** The ids of the tags of these names (compared as the tags table does: ASCII case ignored). */
    tagIds: (names: readonly string[]): number[] => tagIdsStmt.all(JSON.stringify(names)),
    /** The names of these tags. */
    tagNames: (ids: readonly number[]): Map<number, string> => new Map(tagNamesStmt.all(JSON.stringify(ids))),
    /**
     * Visits each FTS rowid (videos_fts_keys) an FTS5 MATCH expression finds, with where its entry lies when it was
     * read from the prefix index (for `ftsHitColumns`, until the next search).
     */
    eachFtsRowid: (match: string, visit: (ftsRowid: number, entry?: number) => void): void => {
      // A one-word prefix is read from the prefix index's pages, unless text index writes are still in memory.
      if (!writeOpen(db) && prefixReader?.each(match, visit)) return
      eachInteger(ftsRowidsStmt.get(match) ?? null, visit)
    },
    /** The columns of videos_fts (bit n: column n) holding the match of an entry the last eachFtsRowid visited. */
    ftsHitColumns: (entry: number): number => prefixReader?.columnsAt(entry) ?? 0,
    /** The same, only the first `limit` matches from the lowest FTS rowid up, or from the highest down. */
    eachFtsRowidFromEnd: (match: string, fromHighest: boolean, limit: number, visit: (ftsRowid: number) => void) =>
      eachInteger((fromHighest ? ftsLastStmt : ftsFirstStmt).get(match, limit) ?? null, visit),
    /** The lowest and highest FTS rowid in use (0 and 0 when there is none). */
    ftsRowidBounds: (): { lowest: number; highest: number } => {
      const [lowest, highest] = ftsBoundsStmt.get() ?? [null, null]
      return { lowest: lowest ?? 0, highest: highest ?? 0 }
    },
    /** These assets' FTS rowids and videos rowids, flat as [fts, video, fts, video, …]. */
    ftsPairs: (rowids: readonly number[]): number[] => someFtsPairsStmt.all(JSON.stringify(rowids)).flat(),
  }
}
export type FacetRowsRepo = ReturnType<typeof createFacetRowsRepo>
