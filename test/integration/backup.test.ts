import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { latestVersion } from '../../main/db/migrate'
import { migrations } from '../../main/db/migrations/index'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { backupDatabase } from '../../main/services/library/backup'
import { restoreLibrary } from '../../main/services/library/restore'
import { AppError } from '../../shared/errors'
import { spawnCli } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const IMPORT_FILES = 200
// Enough pages that a backup takes several steps, so the importer can commit between them.
const PADDING_ROWS = 10_000

/** Every row of a table, in a stable order, read straight from the file. */
function rowsOf(file: string, table: string): unknown[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()
  } finally {
    db.close()
  }
}

/** The typed error a promise rejected with. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

/** Distinct small valid images: the jpg fixture with a different tail each (decoders ignore bytes after EOI). */
function manyImages(count: number): string {
  const dir = tempDir()
  for (let index = 0; index < count; index++) {
    const file = path.join(dir, `still-${String(index).padStart(3, '0')}.jpg`)
    copyFileSync(fixtures.jpg, file)
    appendFileSync(file, `tail ${index}`)
  }
  return dir
}

/** Rows that make the database several backup steps long; marked so the prefix check can leave them out. */
async function padLibrary(lib: Library): Promise<void> {
  await lib.catalog.transaction(async ({ media }) => {
    for (let index = 0; index < PADDING_ROWS; index++) {
      const id = index.toString(16).padStart(16, '0')
      await media.insert({
        id,
        name: `padding-${index}.mp4`,
        filePath: `/nowhere/padding-${index}.mp4`,
        fileHash: `sha256:${id.repeat(4)}`,
        sizeBytes: 1000,
        durationSeconds: 1,
        resolution: '320x240',
        aspectRatio: '4:3',
        codec: 'h264',
        fps: 25,
        sourceType: 'synthetic',
        createdAt: new Date().toISOString(),
        metadata: { note: 'x'.repeat(200) },
        mediaType: 'video',
        importedBy: 'test',
        originalPath: null,
        importedAt: new Date().toISOString(),
        sampledId: id,
        storage: 'link',
        objectKey: null,
      })
    }
  })
}

/**
 * A restored library must be whole and a consistent prefix of the import: each imported
 * asset has its outcome and each "imported" outcome its asset, as one transaction writes both.
 */
function checkConsistentPrefix(databaseFile: string): { assets: number; outcomes: number; jobState: string } {
  const db = new Database(databaseFile, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    const count = (sql: string) => db.prepare(sql).pluck().get() as number
    const assetsWithoutOutcome = count(`SELECT COUNT(*) FROM videos v WHERE source_type != 'synthetic'
      AND NOT EXISTS (SELECT 1 FROM import_items i WHERE i.asset_id = v.id AND i.outcome = 'imported')`)
    const outcomesWithoutAsset = count(`SELECT COUNT(*) FROM import_items i WHERE i.outcome = 'imported'
      AND NOT EXISTS (SELECT 1 FROM videos v WHERE v.id = i.asset_id)`)
    expect({ assetsWithoutOutcome, outcomesWithoutAsset }).toEqual({ assetsWithoutOutcome: 0, outcomesWithoutAsset: 0 })
    return {
      assets: count("SELECT COUNT(*) FROM videos WHERE source_type != 'synthetic'"),
      outcomes: count('SELECT COUNT(*) FROM import_items'),
      jobState: db.prepare("SELECT state FROM jobs WHERE kind = 'import'").pluck().get() as string,
    }
  } finally {
    db.close()
  }
}

describe('backup and restore', () => {
  it('restores a backup into an empty folder with the same rows, as a self-contained file', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.jpg, fixtures.duplicate])
    await lib.catalog.repos.meta.set('name', 'Festival cuts')
    const out = tempDir()
    const progress: number[] = []
    const backup = await backupDatabase(lib.sqlite.db, lib.nativeBinding, path.join(out, 'snap.db'), {
      onProgress: ({ pagesDone, done }) => progress.push(done ? -1 : pagesDone),
    })
    expect(backup).toMatchObject({ name: 'snap.db', schemaVersion: latestVersion(migrations) })
    expect(backup.tables).toContainEqual({ name: 'videos', rows: 3 })
    expect(progress.at(-1)).toBe(-1)
    // Only the finished file: no temp name, no -wal or -journal beside it.
    expect(readdirSync(out)).toEqual(['snap.db'])
    expect(backup.bytes).toBe(readFileSync(path.join(out, 'snap.db')).length)

    const target = path.join(tempDir(), 'restored')
    const restored = await restoreLibrary(path.join(out, 'snap.db'), target)
    expect(restored).toMatchObject({ path: target, databasePath: path.join(target, 'library.db'), interruptedJobs: 0 })
    expect(restored.tables).toEqual(backup.tables)
    expect(readdirSync(target)).toEqual(['library.db'])
    for (const table of ['videos', 'jobs', 'import_items', 'file_hash_cache']) {
      expect(rowsOf(restored.databasePath, table)).toEqual(rowsOf(lib.sqlite.path, table))
    }
    // The copy is a library of its own that names where it came from (restored-library.test.ts says more).
    const reopened = testLibrary(target)
    expect(await reopened.catalog.repos.meta.get('name')).toMatch(
      /^Festival cuts \(restored from backup of [\d-]{10} \d\d:\d\d\)$/,
    )
    expect(await reopened.catalog.repos.meta.get('restored_from')).toBe(await lib.catalog.repos.meta.get('library_id'))
  })

  it('refuses to overwrite a file unless forced, and refuses a missing folder', async () => {
    const lib = testLibrary()
    const out = tempDir()
    const file = path.join(out, 'taken.db')
    writeFileSync(file, 'precious')
    expect((await failure(backupDatabase(lib.sqlite.db, lib.nativeBinding, file))).code).toBe('conflict')
    expect(readFileSync(file, 'utf8')).toBe('precious')
    await backupDatabase(lib.sqlite.db, lib.nativeBinding, file, { force: true })
    expect(rowsOf(file, 'library_meta')).toHaveLength(3)
    expect(
      (await failure(backupDatabase(lib.sqlite.db, lib.nativeBinding, path.join(out, 'no', 'such.db')))).code,
    ).toBe('not_found')
    expect(readdirSync(out)).toEqual(['taken.db'])
  })

  it('refuses a non-empty, file or parentless target and writes nothing', async () => {
    const lib = testLibrary()
    const backup = path.join(tempDir(), 'b.db')
    await backupDatabase(lib.sqlite.db, lib.nativeBinding, backup)
    const busy = tempDir()
    writeFileSync(path.join(busy, 'notes.txt'), 'mine')
    expect((await failure(restoreLibrary(backup, busy))).code).toBe('conflict')
    expect(readdirSync(busy)).toEqual(['notes.txt'])
    expect((await failure(restoreLibrary(backup, path.join(busy, 'notes.txt')))).code).toBe('conflict')
    const parentless = path.join(tempDir(), 'a', 'b')
    expect((await failure(restoreLibrary(backup, parentless))).code).toBe('not_found')
    expect(existsSync(path.dirname(parentless))).toBe(false)
  })

  it('refuses a backup from a newer Framevault, a non-library database and a non-database, writing nothing', async () => {
    const lib = testLibrary()
    const dir = tempDir()
    const newer = path.join(dir, 'newer.db')
    await backupDatabase(lib.sqlite.db, lib.nativeBinding, newer)
    const db = new Database(newer)
    db.pragma('user_version = 990')
    db.close()
    const bytes = readFileSync(newer)
    const target = path.join(tempDir(), 'restored')
    const refused = await failure(restoreLibrary(newer, target))
    expect(refused.code).toBe('conflict')
    expect(refused.message).toMatch(/schema version 990.*update Framevault/s)
    expect(readFileSync(newer).equals(bytes)).toBe(true)
    expect(existsSync(target)).toBe(false)

    const other = path.join(dir, 'other.db')
    new Database(other).exec('CREATE TABLE notes (body TEXT)').close()
    expect((await failure(restoreLibrary(other, target))).code).toBe('validation')
    const text = path.join(dir, 'text.db')
    writeFileSync(text, 'not sqlite at all, just some words that are long enough to fill a header '.repeat(2))
    expect((await failure(restoreLibrary(text, target))).code).toBe('validation')
    expect((await failure(restoreLibrary(path.join(dir, 'missing.db'), target))).code).toBe('not_found')
    expect(existsSync(target)).toBe(false)
  })

  it('backs up while an import runs in the same process; the restore is whole and a consistent prefix', async () => {
    const lib = testLibrary()
    await padLibrary(lib)
    const source = manyImages(IMPORT_FILES)
    let finished = 0
    const reached = new Promise<void>((resolve) =>
      lib.events.subscribe((event) => {
        if (event.name === 'import:updated' && event.payload.item && ++finished === 20) resolve()
      }),
    )
    const started = await dispatch(lib, 'media:import', { paths: [source] })
    expect(started.ok).toBe(true)
    await reached
    const steps: number[] = []
    const file = path.join(tempDir(), 'during.db')
    await backupDatabase(lib.sqlite.db, lib.nativeBinding, file, {
      onProgress: ({ pagesDone }) => steps.push(pagesDone),
    })
    const target = path.join(tempDir(), 'restored')
    const restored = await restoreLibrary(file, target)
    await lib.importer.idle()
    await lib.importer.thumbnailsIdle()

    expect(steps.length).toBeGreaterThan(3)
    const copy = checkConsistentPrefix(restored.databasePath)
    expect(copy.assets).toBeGreaterThanOrEqual(20)
    expect(copy.assets).toBeLessThan(IMPORT_FILES)
    expect(copy.outcomes).toBe(copy.assets)
    // The snapshot caught the job running; in the copy nothing runs it, so it reads as interrupted.
    expect(restored.interruptedJobs).toBe(1)
    expect(copy.jobState).toBe('failed')
    expect(checkConsistentPrefix(lib.sqlite.path)).toMatchObject({ assets: IMPORT_FILES, jobState: 'done' })
  }, 120_000)

  it('backs up while another process imports; the restore is whole and a consistent prefix', async () => {
    const libraryDir = tempDir()
    const lib = testLibrary(libraryDir)
    await padLibrary(lib)
    const source = manyImages(IMPORT_FILES)
    const child = spawnCli(['import', '--library', libraryDir, source])
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await new Promise<void>((resolve, reject) => {
      let printed = 0
      child.on('error', reject)
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        printed += chunk.split('\n').length - 1
        if (printed >= 20) resolve()
      })
    })
    const file = path.join(tempDir(), 'during.db')
    await backupDatabase(lib.sqlite.db, lib.nativeBinding, file)
    const restored = await restoreLibrary(file, path.join(tempDir(), 'restored'))
    expect(await exited).toBe(0)

    const copy = checkConsistentPrefix(restored.databasePath)
    expect(copy.assets).toBeGreaterThanOrEqual(20)
    expect(copy.outcomes).toBe(copy.assets)
    expect(checkConsistentPrefix(lib.sqlite.path)).toMatchObject({ assets: IMPORT_FILES, jobState: 'done' })
  }, 120_000)

  it('finishes although another connection writes between every step (SQLite restarts the copy each time)', async () => {
    const lib = testLibrary()
    await padLibrary(lib)
    const other = new Database(lib.sqlite.path)
    const write = other.prepare("INSERT INTO file_hash_cache (path, size, mtime_ns, sha256) VALUES (?, 1, '1', 'x')")
    let writes = 0
    const file = path.join(tempDir(), 'busy.db')
    try {
      // Bounded, so a backup that keeps restarting fails on the step count instead of hanging.
      await backupDatabase(lib.sqlite.db, lib.nativeBinding, file, {
        onProgress: ({ done }) => void (!done && writes < 1000 && write.run(`/written/between/steps/${++writes}`)),
      })
    } finally {
      other.close()
    }
    expect(writes).toBeLessThan(5)
    // Every write made before the last step is in the copy.
    expect(rowsOf(file, 'file_hash_cache')).toHaveLength(writes)
  })
})
