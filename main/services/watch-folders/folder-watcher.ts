import path from 'node:path'
import type { WatchFolder } from '../../../shared/contract'
import type { WatchedFile } from '../../db/repos/watch-folders'
import type { Library } from '../../library/library'
import { mediaTypeOf } from '../../media/media-types'
import { importPaths } from '../assets/imports'
import { readLinkedFolder, statLinked } from '../../storage/linked-files'

/** How often folders are looked at, and how long a file must stay unchanged before it counts as written. */
export interface WatchTiming {
  intervalMs: number
  settleMs: number
}

const DEFAULT_TIMING: WatchTiming = { intervalMs: 1_000, settleMs: 2_000 }

/** A file seen being written: its size and time, and since when it has had them. */
interface Pending extends WatchedFile {
  since: number
}

interface FolderState {
  pending: Map<string, Pending>
  inFlight: Set<string>
  missing: boolean
  /** The folder's files handed to imports (watch_files), read once and kept up as imports end. */
  known: Map<string, WatchedFile>
}

/**
 * Imports the new files of every watched folder that is not paused (issue 24 point 11), for the app's
 * hosts: each folder is read every `intervalMs`; a file counts once its size and time have not changed
 * for `settleMs` (one still being written waits), and a video waits for its sidecar `<stem>.png` if one
 * is still being written beside it. Files handed to an import are noted with the size and time they had
 * (`watch_files`), so a file is imported once, across restarts. Returns the stop.
 */
export function watchFolders(lib: Library, timing: Partial<WatchTiming> = {}): () => void {
  const { intervalMs, settleMs } = { ...DEFAULT_TIMING, ...timing }
  const states = new Map<string, FolderState>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const tick = async () => {
    const folders = lib.repos.watchFolders.list()
    // A removed folder's state goes with it: a folder added later may take its id.
    const watched = new Set(folders.map((folder) => `${folder.id}\n${folder.path}`))
    for (const key of states.keys()) if (!watched.has(key)) states.delete(key)
    for (const folder of folders) {
      if (stopped) return
      if (folder.paused) continue
      const key = `${folder.id}\n${folder.path}`
      const state = states.get(key) ?? {
        pending: new Map(),
        inFlight: new Set(),
        missing: false,
        known: new Map(lib.repos.watchFolders.files(folder.id).map((file) => [file.path, file])),
      }
      states.set(key, state)
      try {
        await look(lib, folder, state, settleMs)
      } catch (error) {
        // One folder's trouble (a file gone between listing and reading it) must not stop the others.
        console.error(`Watching ${folder.path} failed this time:`, error)
      }
    }
  }
  const loop = () => {
    if (stopped) return
    tick()
      .catch((error: unknown) => console.error('The folder watcher failed:', error))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs)
      })
  }
  loop()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

/** Reads one folder once: notes files being written, imports those that are done. */
async function look(lib: Library, folder: WatchFolder, state: FolderState, settleMs: number): Promise<void> {
  const listed = await mediaFiles(folder.path)
  const now = Date.now()
  const event = (kind: 'waiting' | 'missing', file: string | null, detail: string | null) =>
    lib.repos.watchFolders.event(folder.id, kind, file, detail, new Date().toISOString())
  if (listed === null) {
    if (!state.missing) event('missing', null, 'The folder is not there (a drive unplugged?); it is looked for again.')
    state.missing = true
    return
  }
  state.missing = false
  const { known } = state
  const ready: WatchedFile[] = []
  for (const file of listed) {
    if (state.inFlight.has(file.path) || same(known.get(file.path), file)) continue
    const seen = state.pending.get(file.path)
    if (!same(seen, file)) {
      // Changed since the last look: being written. Told once per file, when it is seen growing.
      if (seen) event('waiting', file.path, 'still being written')
      state.pending.set(file.path, { ...file, since: now })
    } else if (now - seen!.since >= settleMs && now - file.mtimeMs >= settleMs) ready.push(file)
  }
  const importable = ready.filter((file) => !sidecarPending(file.path, state.pending, ready))
  if (importable.length > 0) void importReady(lib, folder, state, importable)
}

/** Hands done files to one import and notes each file's outcome when it ends. */
async function importReady(lib: Library, folder: WatchFolder, state: FolderState, files: WatchedFile[]) {
  for (const file of files) {
    state.pending.delete(file.path)
    state.inFlight.add(file.path)
  }
  try {
    const { job } = importPaths(
      lib,
      files.map((file) => file.path),
      folder.mode === 'link',
    )
    await lib.importer.settled(job.id)
    const items = lib.repos.importItems.items(job.id)
    const at = new Date().toISOString()
    lib.db.transaction(() => {
      for (const item of items) {
        const file = files[item.seq]
        if (!file) continue
        lib.repos.watchFolders.putFile(folder.id, file, item.outcome, item.asset?.id ?? null, at)
        state.known.set(file.path, file)
        const detail = item.outcome === 'duplicate' ? `same content as ${item.asset?.name ?? 'an asset'}` : item.reason
        lib.repos.watchFolders.event(folder.id, item.outcome, file.path, detail, at)
      }
    })()
  } catch (error) {
    // The import could not start (the library closing, the folder no longer allowed): looked at again next time.
    console.error(`Importing from ${folder.path} failed:`, error)
  } finally {
    for (const file of files) state.inFlight.delete(file.path)
  }
}

/** Every media file under a folder (dot files and folders left out), with size and time; null when the folder is gone. */
async function mediaFiles(folder: string): Promise<WatchedFile[] | null> {
  const entries = await readLinkedFolder(folder, true).catch(() => null)
  if (entries === null) return null
  const files: WatchedFile[] = []
  for (const entry of entries) {
    if (!entry.isFile() || mediaTypeOf(entry.name) === undefined) continue
    const file = path.join(entry.parentPath ?? entry.path, entry.name)
    if (
      path
        .relative(folder, file)
        .split(path.sep)
        .some((part) => part.startsWith('.'))
    )
      continue
    const info = await statLinked(file).catch(() => null)
    if (info) files.push({ path: file, size: info.size, mtimeMs: info.mtimeMs })
  }
  return files
}

function same(a: WatchedFile | undefined, b: WatchedFile): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs
}

/** A video whose VideoHelperSuite sidecar (`<stem>.png` beside it) is still being written waits for it. */
function sidecarPending(file: string, pending: Map<string, Pending>, ready: WatchedFile[]): boolean {
  if (mediaTypeOf(file) !== 'video') return false
  const { dir, name } = path.parse(file)
  const sidecar = path.join(dir, `${name}.png`)
  return pending.has(sidecar) && !ready.some((one) => one.path === sidecar)
}
