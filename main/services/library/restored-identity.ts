import { randomUUID } from 'node:crypto'
import type { Database as Db } from 'better-sqlite3'
import { z } from 'zod'
import { LIBRARY_NAME_MAX, RestoredLibrary } from '../../../shared/contract'
import { createLibraryMetaRepo } from '../../db/repos/library-meta'
import type { Library } from '../../app/library-context'

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
export function giveRestoredIdentity(db: Db, backupAt: Date, originDir: string | undefined): RestoredIdentity {
  const meta = createLibraryMetaRepo(db)
  return db.transaction(() => {
    const restoredFrom = meta.get('library_id') ?? ''
    const identity = { id: randomUUID(), name: restoredName(meta.get('name') ?? '', backupAt), restoredFrom }
    meta.set('library_id', identity.id)
    meta.set('name', identity.name)
    meta.set('restored_from', restoredFrom)
    meta.set('restored_backup_at', backupAt.toISOString())
    if (originDir === undefined) meta.delete('restored_from_path')
    else meta.set('restored_from_path', originDir)
    meta.delete('restored_libraries')
    return identity
  })()
}

/** Adds a library restored from one of `lib`'s backups to its list (replacing an older restore into the same folder). */
export function recordRestore(lib: Pick<Library, 'repos'>, restore: RecordedRestore): void {
  const others = recordedRestores(lib).filter((recorded) => recorded.path !== restore.path)
  lib.repos.meta.set('restored_libraries', JSON.stringify([...others, restore]))
}

/** The libraries restored from `lib`'s backups, oldest first; an unreadable list reads as empty. */
export function recordedRestores(lib: Pick<Library, 'repos'>): RecordedRestore[] {
  const stored = lib.repos.meta.get('restored_libraries')
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
