import path from 'node:path'
import type { WatchFolder } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { NewWatchEvent, WatchedFile } from '../../db/repos/watch-folders'
import type { Library } from '../library-context'
import { mediaTypeOf } from '../../media/media-types'
import { importPaths } from '../assets/imports'
import { linkTarget, readLinkedFolder, statLinked } from '../../storage/linked-files'

/**
 * How often folders are looked at, how long a file must stay unchanged before it counts as written, and how
 * often a file handed to an import already is looked at again (whether it changed).
 */
export interface WatchTiming {
  intervalMs: number
  settleMs: number
  recheckMs: number
}

// A folder of 10,000 imported files stat'ed every second cost a third of a core: those are re-read every 30 s.
const DEFAULT_TIMING: WatchTiming = { intervalMs: 1_000, settleMs: 2_000, recheckMs: 30_000 }

/** A file seen being written: its size and time, and since when it has had them. */
interface Pending extends WatchedFile {
  since: number
}

interface FolderState {
  pending: Map<string, Pending>
  inFlight: Set<string>
  /** Why the folder is not read now, as last told in an event (missing, or a link); null when it is read. */
  problem: 'missing' | 'link' | null
  /** The folder's files handed to imports (watch_files), read once and kept up as imports end. */
  known: Map<string, WatchedFile>
  /** When each known file was last stat'ed. */
  checkedAt: Map<string, number>
}

type WatcherLibrary = Pick<Library, 'actor' | 'catalog' | 'importer' | 'pathGate'>

/**
 * Imports the new files of every watched folder that is not paused (issue 24 point 11), for the app's
 * hosts: each folder is read every `intervalMs`; a file counts once its size and time have not changed
 * for `settleMs` (one still being written waits), and a video waits for its sidecar `<stem>.png` if one
 * is still being written beside it. Files handed to an import are noted with the size and time they had
 * (`watch_files`), so a file is imported once, across restarts. Returns the stop: it starts no import from
 * then on, and resolves once the look under way and the outcomes of the imports under way are written, so
 * that the library closes its database after the watcher's last write (the imports end as the jobs close).
 */
export function watchFolders(lib: WatcherLibrary, timing: Partial<WatchTiming> = {}): () => Promise<void> {
  const { intervalMs, ...rest } = { ...DEFAULT_TIMING, ...timing }
  const states = new Map<string, FolderState>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let looking: Promise<void> = Promise.resolve()
  const importing = new Set<Promise<void>>()

  const tick = async () => {
    const folders = await lib.catalog.repos.watchFolders.list()
    // A removed folder's state goes with it: a folder added later may take its id.
    const watched = new Set(folders.map((folder) => `${folder.id}\n${folder.path}`))
    for (const key of states.keys()) if (!watched.has(key)) states.delete(key)
    for (const folder of folders) {
      if (stopped) return
      if (folder.paused) continue
      const key = `${folder.id}\n${folder.path}`
      try {
        const state = states.get(key) ?? (await newState(lib, folder))
        states.set(key, state)
        const ready = await look(lib, folder, state, rest)
        if (ready.length > 0 && !stopped) {
          const imported = importReady(lib, folder, state, ready).catch((error: unknown) =>
            console.error(`The imports from ${folder.path} were not noted:`, error),
          )
          importing.add(imported)
          void imported.finally(() => importing.delete(imported))
        }
      } catch (error) {
        // One folder's trouble (a file gone between listing and reading it) must not stop the others.
        console.error(`Watching ${folder.path} failed this time:`, error)
      }
    }
  }
  // What the last look failed with: a failure that repeats each second (the catalogue away) is told once, and so
  // is the first look that works again.
  let failing: string | null = null
  const loop = () => {
    if (stopped) return
    looking = tick()
      .then(() => {
        if (failing !== null) console.error('The folder watcher works again.')
        failing = null
      })
      .catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error)
        // A failure in words (the catalogue away) needs no stack.
        const told = error instanceof AppError ? error.message : error
        if (why !== failing)
          console.error('The folder watcher failed (told again when it works or fails otherwise):', told)
        failing = why
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, intervalMs)
      })
  }
  loop()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await looking
    await Promise.all(importing)
  }
}

/** What the watcher keeps of a folder it starts to watch (at its first look in this process). */
async function newState(lib: WatcherLibrary, folder: WatchFolder): Promise<FolderState> {
  const files = await lib.catalog.repos.watchFolders.files(folder.id)
  return {
    pending: new Map(),
    inFlight: new Set(),
    // A problem told before a restart is still the folder's until it is found again.
    problem: folder.problem === null ? null : 'missing',
    known: new Map(files.map((file) => [file.path, file])),
    checkedAt: new Map(),
  }
}

/** Reads one folder once: notes files being written; answers those that are done, to import. */
async function look(
  lib: WatcherLibrary,
  folder: WatchFolder,
  state: FolderState,
  { settleMs, recheckMs }: Omit<WatchTiming, 'intervalMs'>,
): Promise<WatchedFile[]> {
  const event = (kind: 'waiting' | 'missing' | 'refused' | 'found', file: string | null, detail: string | null) =>
    lib.catalog.repos.watchFolders.event(folder.id, kind, file, detail, new Date().toISOString())
  // A watched folder swapped for a link may lead anywhere: it is not followed, and only looked at (lstat).
  const target = await linkTarget(folder.path)
  if (target !== null) {
    if (state.problem !== 'link') {
      await event(
        'refused',
        null,
        `The folder has become a link to ${target}; links are not followed, so nothing is imported until it is a folder again.`,
      )
    }
    state.problem = 'link'
    return []
  }
  const listed = await mediaFiles(folder.path, state, recheckMs)
  const now = Date.now()
  if (listed === null) {
    if (state.problem !== 'missing')
      await event('missing', null, 'The folder is not there (a drive unplugged?); it is looked for again.')
    state.problem = 'missing'
    return []
  }
  if (state.problem !== null) await event('found', null, 'The folder is there again; its new files are imported.')
  state.problem = null
  const { known } = state
  const ready: WatchedFile[] = []
  const waiting: NewWatchEvent[] = []
  for (const file of listed) {
    if (state.inFlight.has(file.path) || same(known.get(file.path), file)) continue
    const seen = state.pending.get(file.path)
    if (!same(seen, file)) {
      // Changed since the last look: being written. Told once per file, when it is seen growing.
      if (seen) waiting.push({ kind: 'waiting', path: file.path, detail: 'still being written' })
      state.pending.set(file.path, { ...file, since: now })
    } else if (now - seen!.since >= settleMs && now - file.mtimeMs >= settleMs) ready.push(file)
  }
  if (waiting.length > 0) await lib.catalog.repos.watchFolders.addEvents(folder.id, waiting, new Date().toISOString())
  return ready.filter((file) => !sidecarPending(file.path, state.pending, ready))
}

/** Hands done files to one import and notes each file's outcome when it ends. */
async function importReady(lib: WatcherLibrary, folder: WatchFolder, state: FolderState, files: WatchedFile[]) {
  for (const file of files) {
    state.pending.delete(file.path)
    state.inFlight.add(file.path)
  }
  try {
    const { job } = await importPaths(
      lib,
      files.map((file) => file.path),
      folder.mode === 'link',
    )
    await lib.importer.settled(job.id)
    const ended = (await lib.catalog.repos.importItems.items(job.id)).flatMap((item) => {
      const file = files[item.seq]
      return file ? [{ item, file }] : []
    })
    const at = new Date().toISOString()
    await lib.catalog.transaction(async (repos) => {
      const outcomes = ended.map(({ item, file }) => ({
        ...file,
        outcome: item.outcome,
        assetId: item.asset?.id ?? null,
      }))
      await repos.watchFolders.putFiles(folder.id, outcomes, at)
      const told = ended.map(({ item, file }) => ({
        kind: item.outcome,
        path: file.path,
        detail: item.outcome === 'duplicate' ? `same content as ${item.asset?.name ?? 'an asset'}` : item.reason,
      }))
      await repos.watchFolders.addEvents(folder.id, told, at)
    })
    for (const { file } of ended) {
      state.known.set(file.path, file)
      // Its size and time were read when it was listed: looked at again after recheckMs, not at the next look.
      state.checkedAt.set(file.path, Date.now())
    }
  } catch (error) {
    // The import could not start (the folder no longer allowed, say): each file is noted as failed, with why,
    // and tried again only once it changes, instead of on every look.
    const reason = error instanceof Error ? error.message : String(error)
    const at = new Date().toISOString()
    await lib.catalog.transaction(async (repos) => {
      const failed = files.map((file) => ({ ...file, outcome: 'failed', assetId: null }))
      await repos.watchFolders.putFiles(folder.id, failed, at)
      const detail = `${plural(files.length)} could not be imported: ${reason}`
      await repos.watchFolders.event(folder.id, 'failed', null, detail, at)
    })
    for (const file of files) state.known.set(file.path, file)
  } finally {
    for (const file of files) state.inFlight.delete(file.path)
  }
}

/**
 * Every media file under a folder (dot files and folders left out), with size and time; null when the folder
 * is gone. A file handed to an import already is stat'ed again only every `recheckMs` (its size and time as
 * known meanwhile): new files and files being written are stat'ed at each look.
 */
async function mediaFiles(folder: string, state: FolderState, recheckMs: number): Promise<WatchedFile[] | null> {
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
    const known = state.known.get(file)
    const now = Date.now()
    if (known && !state.pending.has(file) && now - (state.checkedAt.get(file) ?? 0) < recheckMs) {
      files.push(known)
      continue
    }
    const info = await statLinked(file).catch(() => null)
    if (!info) continue
    if (known) state.checkedAt.set(file, now)
    files.push({ path: file, size: info.size, mtimeMs: info.mtimeMs })
  }
  return files
}

const plural = (count: number) => (count === 1 ? '1 file' : `${count} files`)

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
