import path from 'node:path'
import type { WatchEvent, WatchFolder } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { UniqueViolation } from '../../db/sql/sql-engine'
import { statLinked } from '../../storage/linked-files'

/** The watched folders. */
export async function listWatchFolders(lib: Uses<'watchFolders'>): Promise<{ folders: WatchFolder[] }> {
  return { folders: await lib.catalog.repos.watchFolders.list() }
}

/**
 * Watches a folder: it must exist, be a folder, and be one this host may import from; a folder watched
 * already, or inside or around one, is refused (its files would be imported twice), and so is linking on a hub.
 */
export async function addWatchFolder(
  lib: Pick<Library, 'catalog' | 'pathGate' | 'rowNames'>,
  folder: string,
  mode: WatchFolder['mode'],
): Promise<{ folder: WatchFolder }> {
  if (mode === 'link' && lib.rowNames === 'keys') {
    throw new AppError('validation', 'A team hub copies what it imports: watch the folder with its files copied.')
  }
  const resolved = path.resolve(folder)
  lib.pathGate.check([resolved])
  const info = await statLinked(resolved).catch(() => null)
  if (!info?.isDirectory()) throw new AppError('validation', `${resolved} is not a folder on this computer.`)
  const at = new Date().toISOString()
  // Serializable: the rule reads every folder, so two overlapping folders added at once on a hub are not both kept.
  const added = await alreadyWatched(resolved, () =>
    lib.catalog.transaction(
      async (repos) => {
        const overlapping = (await repos.watchFolders.list()).find(
          (one) => within(resolved, one.path) || within(one.path, resolved),
        )
        if (overlapping) throw watchedAlready(overlapping.path)
        const row = await repos.watchFolders.insert(resolved, mode, at)
        const detail = mode === 'link' ? 'files stay where they are' : 'files are copied'
        await repos.watchFolders.event(row.id, 'added', null, detail, at)
        return row
      },
      { serializable: true },
    ),
  )
  return { folder: added }
}

/** Stops watching a folder; what it imported stays in the library. */
export async function removeWatchFolder(lib: Uses<'watchFolders'>, id: number): Promise<{ removed: boolean }> {
  return { removed: await lib.catalog.repos.watchFolders.delete(id) }
}

/** Pauses or resumes a folder. */
export async function pauseWatchFolder(
  lib: Uses<'watchFolders'>,
  id: number,
  paused: boolean,
): Promise<{ folder: WatchFolder }> {
  const folder = await lib.catalog.transaction(async (repos) => {
    const row = await repos.watchFolders.get(id)
    if (!row) throw new AppError('not_found', `No watched folder ${id}.`)
    if (row.paused === paused) return row
    await repos.watchFolders.setPaused(id, paused)
    await repos.watchFolders.event(id, paused ? 'paused' : 'resumed', null, null, new Date().toISOString())
    return (await repos.watchFolders.get(id))!
  })
  return { folder }
}

/** The newest events, of one folder when asked. */
export async function watchEvents(
  lib: Uses<'watchFolders'>,
  folderId: number | undefined,
  limit: number,
): Promise<{ events: WatchEvent[] }> {
  return { events: await lib.catalog.repos.watchFolders.events(folderId ?? null, limit) }
}

const watchedAlready = (folder: string) =>
  new AppError('conflict', `${folder} is watched already; a folder is watched once, with what it holds.`)

/** Runs `add`; `folder` added by another writer meanwhile (the unique key's refusal) is a conflict too. */
async function alreadyWatched<T>(folder: string, add: () => Promise<T>): Promise<T> {
  try {
    return await add()
  } catch (error) {
    throw error instanceof UniqueViolation ? watchedAlready(folder) : error
  }
}

/** Whether `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}
