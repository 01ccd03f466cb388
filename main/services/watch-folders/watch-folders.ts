import path from 'node:path'
import type { WatchEvent, WatchFolder } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../../app/library-context'
import { statLinked } from '../../storage/linked-files'

/** The watched folders. */
export function listWatchFolders(lib: Pick<Library, 'repos'>): { folders: WatchFolder[] } {
  return { folders: lib.repos.watchFolders.list() }
}

/**
 * Watches a folder: it must exist, be a folder, and be one this host may import from; a folder watched
 * already, or inside or around one, is refused (its files would be imported twice).
 */
export async function addWatchFolder(
  lib: Pick<Library, 'db' | 'pathGate' | 'repos'>,
  folder: string,
  mode: WatchFolder['mode'],
) {
  const resolved = path.resolve(folder)
  lib.pathGate.check([resolved])
  const info = await statLinked(resolved).catch(() => null)
  if (!info?.isDirectory()) throw new AppError('validation', `${resolved} is not a folder on this computer.`)
  const overlapping = lib.repos.watchFolders
    .list()
    .find((one) => within(resolved, one.path) || within(one.path, resolved))
  if (overlapping) {
    throw new AppError(
      'conflict',
      `${overlapping.path} is watched already; a folder is watched once, with what it holds.`,
    )
  }
  const at = new Date().toISOString()
  const added = lib.db.transaction(() => {
    const row = lib.repos.watchFolders.insert(resolved, mode, at)
    lib.repos.watchFolders.event(
      row.id,
      'added',
      null,
      mode === 'link' ? 'files stay where they are' : 'files are copied',
      at,
    )
    return row
  })()
  return { folder: added }
}

/** Stops watching a folder; what it imported stays in the library. */
export function removeWatchFolder(lib: Pick<Library, 'repos'>, id: number): { removed: boolean } {
  return { removed: lib.repos.watchFolders.delete(id) }
}

/** Pauses or resumes a folder. */
export function pauseWatchFolder(
  lib: Pick<Library, 'db' | 'repos'>,
  id: number,
  paused: boolean,
): { folder: WatchFolder } {
  const folder = lib.db.transaction(() => {
    const row = lib.repos.watchFolders.get(id)
    if (!row) throw new AppError('not_found', `No watched folder ${id}.`)
    if (row.paused !== paused) {
      lib.repos.watchFolders.setPaused(id, paused)
      lib.repos.watchFolders.event(id, paused ? 'paused' : 'resumed', null, null, new Date().toISOString())
    }
    return lib.repos.watchFolders.get(id)!
  })()
  return { folder }
}

/** The newest events, of one folder when asked. */
export function watchEvents(
  lib: Pick<Library, 'repos'>,
  folderId: number | undefined,
  limit: number,
): { events: WatchEvent[] } {
  return { events: lib.repos.watchFolders.events(folderId ?? null, limit) }
}

/** Whether `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}
