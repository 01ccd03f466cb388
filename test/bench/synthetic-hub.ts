import { createHash } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { stopLeftoverServer } from '../../main/db/postgres/leftover-server'
import { postgresMigrations } from '../../main/db/postgres/migrations/index'
import type { SqlEngine } from '../../main/db/sql/sql-engine'
import { openHubCatalogue } from '../../main/hub/hub-database'
import { count, progress } from './figures'
import { syntheticAssets, TAG_NAMES, type SyntheticAsset } from './synthetic-assets'
import { buildingNow, CACHE_DIR, type SyntheticLibrary } from './synthetic-library'

/**
 * A hub's data folder holding synthetic assets (`dir`: what openHubCatalogue and `npm run hub -- --data DIR` take),
 * built by this run or cached; described as the synthetic library is, `schema` being the hub's last migration.
 */
export type SyntheticHub = SyntheticLibrary

// Bump whenever synthetic-assets.ts or the inserts below change what a build writes (schema changes are detected).
const GENERATOR_VERSION = 1
const STAMP_FILE = 'synthetic.json'
// Rows per INSERT: one JSON parameter each, a few megabytes; each batch is one transaction with its tags.
const BATCH = 2_000
const PROGRESS_EVERY = 100_000

/** What synthetic.json records: how long the build took, and the hub schema it was built on. */
type Stamp = { buildSeconds: number; schema: string }

/**
 * The hub of `assets` synthetic assets, the same rows and tags as ensureSyntheticLibrary's, built once on the real
 * hub schema (openHubCatalogue's embedded PostgreSQL, migrated; every trigger runs) and cached under
 * node_modules/.cache. A build on other migrations than today's (one added or edited) is built again: a hub's
 * migrations may still change while the hub is young, and a build migrated forward could miss what a changed one fills.
 */
export async function ensureSyntheticHub(
  assets: number,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<SyntheticHub> {
  const dir = path.join(CACHE_DIR, `hub-${assets}-g${GENERATOR_VERSION}`)
  const made = { dir, assets, generator: GENERATOR_VERSION, schema: postgresMigrations.at(-1)!.version }
  const stamp = fresh ? undefined : await readStamp(dir)
  if (stamp?.schema === schemaDigest()) return { ...made, buildSeconds: stamp.buildSeconds, builtNow: false }
  if (stamp) progress('the cached hub was built on other hub migrations than these: building it again')
  // Builds of this size by another generator, or on another schema, are gigabytes each: drop them.
  const stale = existsSync(CACHE_DIR)
    ? readdirSync(CACHE_DIR).filter((f) => f.startsWith(`hub-${assets}-`) && !buildingNow(f))
    : []
  for (const folder of stale) {
    const place = path.join(CACHE_DIR, folder)
    // A bench killed mid-way may have left its server running on the folder.
    await stopLeftoverServer(place, path.join(place, 'postgres'), (line) => progress(line.trim()))
    await rm(place, { recursive: true, force: true })
  }
  const building = `${dir}.building-${process.pid}`
  progress(`building a hub of ${count(assets)} synthetic assets on PostgreSQL (once; cached in ${CACHE_DIR})`)
  const started = performance.now()
  const catalogue = await openHubCatalogue(undefined, building)
  try {
    await insertSynthetic(catalogue.sql, assets)
    progress('VACUUM ANALYZE')
    // As autovacuum leaves a settled hub: planner statistics, and a visibility map for index-only scans.
    await catalogue.sql.run('VACUUM ANALYZE')
  } finally {
    await catalogue.close()
  }
  const buildSeconds = (performance.now() - started) / 1000
  await writeFile(
    path.join(building, STAMP_FILE),
    JSON.stringify({ buildSeconds, schema: schemaDigest() } satisfies Stamp),
  )
  // Renamed last (the server stopped), so an interrupted build is never taken for a finished one.
  await rename(building, dir)
  return { ...made, buildSeconds, builtNow: true }
}

/**
 * Inserts the rows with the bench's own SQL, a batch per transaction; the product's import path hashes and probes one
 * file at a time (`bench -- ingest` measures it). Batches go in one after another, so the table's pages follow the
 * import order as a real hub's do. The schema's triggers run as for any insert: asset_search (the tsvector the text
 * search reads, refreshed again as tags are added) and the change log.
 */
async function insertSynthetic(sql: SqlEngine, assets: number): Promise<void> {
  const tagIds = await insertTags(sql)
  let batch: SyntheticAsset[] = []
  let inserted = 0
  for (const asset of syntheticAssets(assets)) {
    batch.push(asset)
    if (batch.length < BATCH && inserted + batch.length < assets) continue
    await insertBatch(sql, batch, tagIds)
    const before = inserted
    inserted += batch.length
    batch = []
    if (Math.floor(inserted / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY) && inserted < assets) {
      progress(`${count(inserted)} assets inserted`)
    }
  }
}

/** The tag names in TAG_NAMES's order, so they get the same ids as in the library (1, 2, …). */
async function insertTags(sql: SqlEngine): Promise<Map<string, number>> {
  const rows = await sql.all<{ id: number; name: string }>(
    `INSERT INTO tags (name) SELECT name FROM jsonb_array_elements_text(CAST(? AS jsonb)) WITH ORDINALITY AS t(name, n)
     ORDER BY n RETURNING id, name`,
    [JSON.stringify(TAG_NAMES)],
  )
  return new Map(rows.map((row) => [row.name, row.id]))
}

// The library's columns, under their hub names. A hub names a copy by its key in `file_path` and in `object_key`
// (import-file.ts with rowNames 'keys'); syntheticRow's copies already have a key as their path: media/videos/ab/….
const INSERT_VIDEOS = `INSERT INTO videos (id, name, file_path, file_hash, size_bytes, duration_seconds, resolution,
    codec, fps, source_type, created_at, metadata, media_type, status, error, imported_by, original_path, imported_at,
    sampled_id, storage, rating, notes, object_key)
  SELECT id, name, file_path, file_hash, size_bytes, duration_seconds, resolution, codec, fps, source_type, created_at,
    metadata, media_type, status, error, imported_by, original_path, imported_at, sampled_id, storage, rating, notes,
    object_key
  FROM json_populate_recordset(NULL::videos, CAST(? AS json)) WITH ORDINALITY AS r
  ORDER BY ordinality`
const INSERT_TAGS = `INSERT INTO asset_tags (asset_id, tag_id)
  SELECT asset_id, tag_id FROM json_to_recordset(CAST(? AS json)) AS r(asset_id text, tag_id bigint)`

async function insertBatch(sql: SqlEngine, batch: SyntheticAsset[], tagIds: Map<string, number>): Promise<void> {
  const videos = batch.map(({ row }) => ({
    id: row.id,
    name: row.name,
    file_path: row.filePath,
    file_hash: row.fileHash,
    size_bytes: row.sizeBytes,
    duration_seconds: row.durationSeconds,
    resolution: row.resolution,
    codec: row.codec,
    fps: row.fps,
    source_type: row.sourceType,
    created_at: row.createdAt,
    metadata: row.metadata,
    media_type: row.mediaType,
    status: row.status,
    error: row.error,
    imported_by: 'bench',
    original_path: row.originalPath,
    imported_at: row.importedAt,
    sampled_id: row.id,
    storage: row.storage,
    rating: row.rating,
    notes: row.notes,
    object_key: row.storage === 'copy' ? row.filePath : null,
  }))
  const tags = batch.flatMap(({ row, tags }) => tags.map((tag) => ({ asset_id: row.id, tag_id: tagIds.get(tag)! })))
  await sql.transaction(async (tx) => {
    await tx.run(INSERT_VIDEOS, [JSON.stringify(videos)])
    if (tags.length > 0) await tx.run(INSERT_TAGS, [JSON.stringify(tags)])
  })
}

/** The hub schema a build is made on: every migration's statements, so an edited one counts as a change too. */
function schemaDigest(): string {
  const hash = createHash('sha256')
  for (const migration of postgresMigrations) hash.update(`${migration.version}\0${migration.up}\0`)
  return `${postgresMigrations.at(-1)!.version}:${hash.digest('hex').slice(0, 16)}`
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as Partial<Stamp>
    return typeof stamp.buildSeconds === 'number' && typeof stamp.schema === 'string' ? (stamp as Stamp) : undefined
  } catch {
    return undefined
  }
}
