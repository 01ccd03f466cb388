import type { Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { OUTSIDE_REASON } from '../security/path-gate'

/** A file found for an import, or a path that could not be read (`error`). */
export interface FoundFile {
  path: string
  name: string
  size: number | null
  error: string | null
}

/** Says whether a path, once symlinks are followed, may be read (a host's path gate). */
export type PathPredicate = (file: string) => boolean

/** The reason of a file or folder the path predicate refuses: the path gate's own words. */
const OUTSIDE_ALLOWED = `Refused: ${OUTSIDE_REASON}.`

/**
 * Expands files and folders (recursively, following symlinks but never into a folder twice,
 * so symlink loops end) into the files to import, in a stable order. Hidden entries inside
 * folders (dot files such as .DS_Store) are skipped; a path given explicitly never is.
 * With `permits`, a path it refuses (a symlink leading out of the allowed folders) becomes
 * a failed entry and is neither read nor descended into.
 */
export async function collectFiles(
  paths: readonly string[],
  signal?: AbortSignal,
  permits?: PathPredicate,
): Promise<FoundFile[]> {
  const found: FoundFile[] = []
  const seenFolders = new Set<string>()

  // Only explicit paths and symlinks need the (real-path) check: any other entry of a folder
  // that passed is inside it.
  const visit = async (target: string, explicit: boolean, isLink = false): Promise<void> => {
    signal?.throwIfAborted()
    const name = path.basename(target)
    if (!explicit && name.startsWith('.')) return
    if (permits && (explicit || isLink) && !permits(target)) {
      found.push({ path: target, name, size: null, error: OUTSIDE_ALLOWED })
      return
    }
    let info
    try {
      info = await stat(target)
    } catch (error) {
      found.push({ path: target, name, size: null, error: readError(error) })
      return
    }
    if (info.isFile()) {
      found.push({ path: target, name, size: info.size, error: null })
    } else if (info.isDirectory()) {
      await visitFolder(target)
    } else if (explicit) {
      found.push({ path: target, name, size: null, error: 'Not a regular file or folder.' })
    }
  }

  const visitFolder = async (folder: string): Promise<void> => {
    const key = await realpath(folder)
    if (seenFolders.has(key)) return
    seenFolders.add(key)
    let entries: Dirent[]
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch (error) {
      found.push({ path: folder, name: path.basename(folder), size: null, error: readError(error) })
      return
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) await visit(path.join(folder, entry.name), false, entry.isSymbolicLink())
  }

  for (const target of paths) await visit(path.resolve(target), true)
  return found
}

/** A user-facing reason for a file system error. */
export function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'File not found.'
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied: Framevault cannot read this file.'
  if (code === 'EISDIR') return 'This is a folder, not a file.'
  return `Cannot read the file: ${(error as Error).message}`
}
