import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from 'better-sqlite3'
import { openLibrary } from '../../main/app/open-library'
import { migrations } from '../../main/db/migrations/index'
import { count, progress } from './figures'
import { syntheticAssets, TAG_NAMES } from './synthetic-assets'

/** A library folder of synthetic assets, built by this run or taken from the cache. */
export interface SyntheticLibrary {
  dir: string
  assets: number
  /** Seconds the build took, whenever it ran. */
  buildSeconds: number
  /** Whether this call built it (false: it came from the cache). */
  builtNow: boolean
  /** What made it: the generator's version and the schema (the last migration) it has now. */
  generator: number
  schema: number
}

// Bump whenever synthetic-assets.ts or the insert below changes what a build writes (schema changes are detected).
const GENERATOR_VERSION = 2
const STAMP_FILE = 'synthetic.json'
/** Where the bench keeps what it builds once (a synthetic library, a synthetic hub). */
export const CACHE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../node_modules/.cache/framevault-bench',
)
// The build's own page cache: the indexes of a million rows fit, so inserts do not wait on the disk.
const BUILD_CACHE_KIB = 1_500_000

/** What synthetic.json records: how long the build took. */
type Stamp = { buildSeconds: number }

/**
 * The library of `assets` synthetic assets, built once with the real schema (openLibrary: every
 * migration, index, trigger and the FTS index) and cached under node_modules/.cache. Migrations
 * added since are applied by openLibrary, as to a user's library; when the schema then still
 * differs from a new library's (a migration was changed) or the generator changed, it is built again.
 */
export async function ensureSyntheticLibrary(
  assets: number,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<SyntheticLibrary> {
  const dir = path.join(CACHE_DIR, `browse-${assets}-g${GENERATOR_VERSION}`)
  const made = { dir, assets, generator: GENERATOR_VERSION, schema: migrations.at(-1)!.version }
  const stamp = fresh ? undefined : await readStamp(dir)
  if (stamp) {
    const cached = openLibrary(dir, { actor: 'bench' })
    const same = schemaOf(cached.sqlite.db) === (await freshSchema())
    await cached.close()
    if (same) return { ...made, buildSeconds: stamp.buildSeconds, builtNow: false }
    progress('the cached library has another schema than a new library (a migration changed): building it again')
  }
  if (fresh) await rm(dir, { recursive: true, force: true })
  // Builds of this size by another generator (or with another schema) are a gigabyte each: drop them.
  const stale = existsSync(CACHE_DIR)
    ? readdirSync(CACHE_DIR).filter((f) => f.startsWith(`browse-${assets}-`) && !buildingNow(f))
    : []
  for (const folder of stale) await rm(path.join(CACHE_DIR, folder), { recursive: true, force: true })
  const building = `${dir}.building-${process.pid}`
  progress(`building a library of ${count(assets)} synthetic assets (once; cached in ${CACHE_DIR})`)
  const started = performance.now()
  const lib = openLibrary(building, { actor: 'bench' })
  try {
    lib.sqlite.db.pragma(`cache_size = -${BUILD_CACHE_KIB}`)
    insertSynthetic(lib.sqlite.db, assets)
    lib.sqlite.db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    await lib.close()
  }
  const buildSeconds = (performance.now() - started) / 1000
  await writeFile(path.join(building, STAMP_FILE), JSON.stringify({ buildSeconds } satisfies Stamp))
  // Renamed last, so an interrupted build is never taken for a finished one.
  await rename(building, dir)
  return { ...made, buildSeconds, builtNow: true }
}

/**
 * Inserts the rows with the bench's own SQL in one transaction. The product's insert path (the
 * importer, through the media repo) hashes, probes and writes one file at a time; the bench
 * needs a million rows in minutes, not the import pipeline (which `bench -- ingest` measures).
 * The triggers of the real schema still run, so the FTS index is filled as an import fills it.
 */
function insertSynthetic(db: Database, assets: number): void {
  const insert = db.prepare(
    `INSERT INTO videos (id, name, file_path, file_hash, size_bytes, duration_seconds, resolution, codec, fps,
       source_type, created_at, metadata, media_type, status, error, imported_by, original_path, imported_at,
       sampled_id, storage, rating, notes)
     VALUES (@id, @name, @filePath, @fileHash, @sizeBytes, @durationSeconds, @resolution, @codec, @fps,
       @sourceType, @createdAt, @metadata, @mediaType, @status, @error, 'bench', @originalPath, @importedAt,
       @id, @storage, @rating, @notes)`,
  )
  const insertTag = db.prepare<[string]>('INSERT INTO tags (name) VALUES (?)')
  const tagAsset = db.prepare<[string, number]>('INSERT INTO asset_tags (asset_id, tag_id) VALUES (?, ?)')
  db.transaction(() => {
    const tagIds = new Map(TAG_NAMES.map((tag) => [tag, Number(insertTag.run(tag).lastInsertRowid)]))
    let index = 0
    for (const { row, tags } of syntheticAssets(assets)) {
      insert.run(row)
      for (const tag of tags) tagAsset.run(row.id, tagIds.get(tag)!)
      if (++index % 100_000 === 0 && index < assets) progress(`${count(index)} assets inserted`)
    }
  })()
}

/** Every table, index, trigger and view of a database, as SQL text in one string. */
function schemaOf(db: Database): string {
  return db
    .prepare<[], string>(
      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name",
    )
    .pluck()
    .all()
    .join('\n')
}

/** The schema of a new, empty library opened now. */
async function freshSchema(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'framevault-schema-'))
  try {
    const lib = openLibrary(folder, { actor: 'bench' })
    const schema = schemaOf(lib.sqlite.db)
    await lib.close()
    return schema
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Whether `folder` is a build another live process is writing. */
export function buildingNow(folder: string): boolean {
  const pid = Number(/\.building-(\d+)$/.exec(folder)?.[1])
  if (!pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as Partial<Stamp>
    return typeof stamp.buildSeconds === 'number' ? (stamp as Stamp) : undefined
  } catch {
    return undefined
  }
}
