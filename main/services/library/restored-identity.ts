import { randomUUID } from 'node:crypto'
import type { Database as Db } from 'better-sqlite3'
import { z } from 'zod'
import { LIBRARY_NAME_MAX, RestoredLibrary } from '../../../shared/contract'
import { createLibraryMetaRepo, type LibraryMetaRepo } from '../../db/repos/library-meta'
import { sqliteEngine } from '../../db/sql/sqlite-engine'
import type { Uses } from '../library-context'

/** A restore as the library whose backup it came from records it (without what is read at listing time). */
const RecordedRestore = RestoredLibrary.omit({ unavailable: true })
type RecordedRestore = z.infer<typeof RecordedRestore>

/** Who a restored library is: its own id and name, and the id of the library its backup was taken of. */
export interface RestoredIdentity {
  id: string
  name: string
  restoredFrom: string
}

/** `<name> (restored from backup of 2026-11-20 14:03)` in local time, the name shortened to keep it a valid name. */
export function restoredName(name: string, backupAt: Date): string {
  const suffix = ` (restored from backup of ${localMinute(backupAt)})`
  // Whole code points: cutting between a surrogate pair would leave text that is not well-formed.
  const kept = Array.from(name.trim())
  while (kept.length > 0 && kept.join('').length + suffix.length > LIBRARY_NAME_MAX) kept.pop()
  return `${kept.join('').trimEnd() || 'Library'}${suffix}`
}

/**
 * Gives a freshly restored database a library id of its own and a name saying it is a restore,
 * and keeps where it came from: the original's id, its folder when known, and the backup's time.
 * The original's list of its own restores is not this library's, so it goes.
 */
export async function giveRestoredIdentity(
  db: Db,
  backupAt: Date,
  originDir: string | undefined,
): Promise<RestoredIdentity> {
  // `db` is the restored copy's own connection, not a library's: its facts are read and written through an engine on it.
  return sqliteEngine(db).transaction(async (tx) => {
    const meta = createLibraryMetaRepo(tx)
    const restoredFrom = (await meta.get('library_id')) ?? ''
    const identity = { id: randomUUID(), name: restoredName((await meta.get('name')) ?? '', backupAt), restoredFrom }
    await meta.set('library_id', identity.id)
    await meta.set('name', identity.name)
    await meta.set('restored_from', restoredFrom)
    await meta.set('restored_backup_at', backupAt.toISOString())
    if (originDir === undefined) await meta.delete('restored_from_path')
    else await meta.set('restored_from_path', originDir)
    await meta.delete('restored_libraries')
    return identity
  })
}

/** Adds a library restored from one of `lib`'s backups to its list (replacing an older restore into the same folder). */
export async function recordRestore(lib: Uses<'meta'>, restore: RecordedRestore): Promise<void> {
  // Read and written in one transaction: two restores recorded at once both stay on the list.
  await lib.catalog.transaction(
    async ({ meta }) => {
      const others = (await restoresIn(meta)).filter((recorded) => recorded.path !== restore.path)
      await meta.set('restored_libraries', JSON.stringify([...others, restore]))
    },
    { serializable: true },
  )
}

/** The libraries restored from `lib`'s backups, oldest first; an unreadable list reads as empty. */
export function recordedRestores(lib: Uses<'meta'>): Promise<RecordedRestore[]> {
  return restoresIn(lib.catalog.repos.meta)
}

async function restoresIn(meta: LibraryMetaRepo): Promise<RecordedRestore[]> {
  const stored = await meta.get('restored_libraries')
  if (stored === undefined) return []
  try {
    return z.array(RecordedRestore).parse(JSON.parse(stored))
  } catch {
    return []
  }
}

function localMinute(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0')
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`
}
