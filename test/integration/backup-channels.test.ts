import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import { latestVersion } from '../../main/db/migrate'
import { migrations } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import type { BackupFile, BackupProgress, BackupResult, RestoreResult } from '../../shared/contract'
import type { ErrorShape } from '../../shared/errors'
import { cli } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

async function call<T>(lib: Library, channel: string, input: unknown): Promise<T> {
  const envelope = await dispatch(lib, channel, input)
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`)
  return envelope.data as T
}

async function refusal(lib: Library, channel: string, input: unknown): Promise<ErrorShape> {
  const envelope = await dispatch(lib, channel, input)
  if (envelope.ok) throw new Error(`${channel} accepted ${JSON.stringify(input)}`)
  return envelope.error
}

/** Every file and folder under `dir`, relative, sorted: what "nothing was written" compares. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort()
}

describe('backup channels', () => {
  it('library:backup writes into backups/ with progress events; library:backups lists it; library:restore restores it', async () => {
    const lib = testLibrary()
    await importAndWait(lib, [fixtures.mp4, fixtures.png])
    const progress: BackupProgress[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'library:backup-progress') progress.push(event.payload)
    })
    expect(await call(lib, 'library:backups', {})).toEqual({ folder: path.join(lib.dir, 'backups'), backups: [] })

    const backup = await call<BackupResult>(lib, 'library:backup', {})
    expect(backup.name).toMatch(/^library-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.db$/)
    expect(backup.path).toBe(path.join(lib.dir, 'backups', backup.name))
    expect(backup.tables).toContainEqual({ name: 'videos', rows: 2 })
    expect(progress.at(-1)).toEqual({
      name: backup.name,
      pagesDone: backup.bytes / 4096,
      pagesTotal: backup.bytes / 4096,
      done: true,
    })

    const { backups } = await call<{ backups: BackupFile[] }>(lib, 'library:backups', {})
    expect(backups).toEqual([{ name: backup.name, bytes: backup.bytes, modifiedAt: expect.any(String) }])

    const target = path.join(tempDir(), 'restored')
    const restored = await call<RestoreResult>(lib, 'library:restore', { backup: backup.name, target })
    expect(restored).toMatchObject({ path: target, tables: backup.tables, interruptedJobs: 0 })
    expect(readdirSync(target)).toEqual(['library.db'])
  })

  it('refuses bad restore requests with typed errors and writes nothing', async () => {
    const lib = testLibrary()
    const { name } = await call<BackupResult>(lib, 'library:backup', {})
    const outside = tempDir()
    const libraryBefore = tree(lib.dir)
    const cases: [unknown, ErrorShape['code']][] = [
      [{ backup: '../library.db', target: path.join(outside, 'a') }, 'validation'],
      [{ backup: 'missing.db', target: path.join(outside, 'a') }, 'not_found'],
      [{ backup: name, target: 'relative/folder' }, 'validation'],
      [{ backup: name, target: 'C:\\Users\\someone\\restored' }, 'validation'],
      [{ backup: name, target: `${outside}/a\0b` }, 'validation'],
      [{ backup: name, target: path.join(lib.dir, 'inside') }, 'validation'],
      [{ backup: name, target: outside + '/../' + path.basename(outside) + '/b', extra: 1 }, 'validation'],
      [{ backup: name, target: path.join(outside, 'no', 'parent') }, 'not_found'],
    ]
    for (const [input, code] of cases) {
      expect({ input, code: (await refusal(lib, 'library:restore', input)).code }).toEqual({ input, code })
    }
    writeFileSync(path.join(outside, 'keep.txt'), 'x')
    expect((await refusal(lib, 'library:restore', { backup: name, target: outside })).code).toBe('conflict')
    expect(tree(outside)).toEqual(['keep.txt'])
    expect(tree(lib.dir)).toEqual(libraryBefore)
  })

  it('restores only into folders the host may use (web host: --allow-import-from)', async () => {
    const allowed = tempDir()
    const lib = testLibrary(tempDir(), { allowedPaths: [allowed] })
    const { name } = await call<BackupResult>(lib, 'library:backup', {})
    const elsewhere = tempDir()
    const refused = await refusal(lib, 'library:restore', { backup: name, target: path.join(elsewhere, 'r') })
    expect(refused.code).toBe('forbidden')
    expect(tree(elsewhere)).toEqual([])
    const restored = await call<RestoreResult>(lib, 'library:restore', {
      backup: name,
      target: path.join(allowed, 'r'),
    })
    expect(existsSync(restored.databasePath)).toBe(true)
  })

  it('refuses a backups folder that a symlink leads out of the library', async () => {
    const lib = testLibrary()
    const elsewhere = tempDir()
    symlinkSync(elsewhere, path.join(lib.dir, 'backups'))
    expect((await refusal(lib, 'library:backup', {})).code).toBe('forbidden')
    expect((await refusal(lib, 'library:backups', {})).code).toBe('forbidden')
    expect(tree(elsewhere)).toEqual([])
  })
})

describe('backup and restore from the CLI', () => {
  it('backs up as JSON, refuses to overwrite without --force, and restores into an empty folder only', async () => {
    const library = tempDir()
    expect((await cli(['backup', '--library', library, path.join(tempDir(), 'none.db')])).stderr).toContain(
      'No database file at',
    )
    expect((await cli(['migrate', '--library', library])).code).toBe(0)
    const out = tempDir()
    const file = path.join(out, 'snap.db')
    const backup = await cli(['backup', '--library', library, file])
    expect(backup.code).toBe(0)
    const printed = JSON.parse(backup.stdout) as BackupResult
    expect(printed).toMatchObject({
      name: 'snap.db',
      path: file,
      tables: expect.arrayContaining([{ name: 'library_meta', rows: 3 }]),
    })
    expect(backup.stderr).toContain('not the media files')

    const again = await cli(['backup', '--library', library, file])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists; pass --force')
    expect((await cli(['backup', '--force', '--library', library, file])).code).toBe(0)

    const busy = tempDir()
    mkdirSync(path.join(busy, 'media'))
    const refused = await cli(['restore', file, '--library', busy])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is not empty')
    expect(tree(busy)).toEqual(['media'])

    const usage = await cli(['restore', file])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('restore needs --library DIR')

    const target = path.join(tempDir(), 'restored')
    const restore = await cli(['restore', file, '--library', target])
    expect(restore.code).toBe(0)
    expect(JSON.parse(restore.stdout)).toMatchObject({ path: target, tables: printed.tables, interruptedJobs: 0 })
    expect(restore.stderr).toContain(`Open it with: npm run web -- --library ${target}`)
  })

  it('backs up an older library as it is: not migrated, not changed', async () => {
    const library = tempDir()
    const database = path.join(library, 'library.db')
    openDatabase(database, migrations.slice(0, 2)).db.close()
    const before = readFileSync(database)
    const older = userVersion(database)
    expect(older).toBeLessThan(latestVersion(migrations))
    const backup = await cli(['backup', '--library', library, path.join(tempDir(), 'old.db')])
    expect(backup.code).toBe(0)
    expect(JSON.parse(backup.stdout)).toMatchObject({ schemaVersion: older })
    expect(userVersion(database)).toBe(older)
    expect(readFileSync(database).equals(before)).toBe(true)
  })
})

/** The schema version stored in a database file, read without changing it. */
function userVersion(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}
