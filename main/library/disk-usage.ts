import { access, lstat, readdir } from 'node:fs/promises'
import path from 'node:path'

/** Bytes taken by the files directly named, skipping those that do not exist. */
export async function filesSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      lstat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  )
  return sizes.reduce((sum, size) => sum + size, 0)
}

/** Bytes taken by every regular file below `dir` (0 when it is missing); links are not followed. */
export async function folderSize(dir: string, { recursive = true } = {}): Promise<number> {
  const entries = await readdir(dir, { recursive, withFileTypes: true }).catch(missingAsEmpty)
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
  return filesSize(files)
}

/**
 * The size of a folder, walked once and then remembered until `invalidate()`: for a folder
 * whose writers can say when they change it. A walk under way when it is invalidated is not
 * remembered, so a change during the walk is never lost.
 */
export function cachedFolderSize(dir: string) {
  let known: Promise<number> | undefined
  return {
    /** The folder's bytes, walking it only when nothing valid is remembered. */
    get(): Promise<number> {
      if (known) return known
      const walk = folderSize(dir)
      known = walk
      // A failed walk is not remembered: the next call tries again.
      walk.catch(() => {
        if (known === walk) known = undefined
      })
      return walk
    },
    /** Forgets the remembered size (and any walk under way); the next `get()` walks again. */
    invalidate(): void {
      known = undefined
    },
  }
}
export type CachedFolderSize = ReturnType<typeof cachedFolderSize>

function missingAsEmpty(error: NodeJS.ErrnoException): never[] {
  if (error.code === 'ENOENT') return []
  throw error
}

/** True when `file` exists (and this process may see it). */
export function fileExists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}
