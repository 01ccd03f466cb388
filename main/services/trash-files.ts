import { closeSync, fsyncSync, lstatSync, openSync, type Stats } from 'node:fs'

/** The file's lstat, or undefined when nothing is at that path. */
export function stat(file: string): Stats | undefined {
  try {
    return lstatSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}

/** True when something is at `file` (a dangling symlink counts). */
export function exists(file: string): boolean {
  return stat(file) !== undefined
}

/** True when two names are one file (hard links). */
export function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino
}

/** Runs a step whose failure is acceptable; undefined when it failed. */
export function attempt<T>(step: () => T): T | undefined {
  try {
    return step()
  } catch {
    return undefined
  }
}

/** Flushes folders after renames: a kill needs none of this, a power cut does. */
export function syncFolders(folders: Set<string>): void {
  for (const folder of folders) {
    attempt(() => {
      const fd = openSync(folder, 'r')
      try {
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    })
  }
}
