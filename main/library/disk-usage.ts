import { access, lstat, readdir } from 'node:fs/promises'
import path from 'node:path'

// At most this many lstat calls at once: a long list must not take libuv's whole thread pool,
// which media reads and poster serving share.
const STAT_CONCURRENCY = 32

/** Bytes taken by the files directly named, skipping those that do not exist. */
export async function filesSize(files: readonly string[]): Promise<number> {
  const sizes = await fileGroupSizes(files.map((file) => [file]))
  return sizes.reduce((sum, size) => sum + size, 0)
}

/** Bytes taken by each group of files (missing files count 0), in the groups' order. */
export async function fileGroupSizes(groups: readonly (readonly string[])[]): Promise<number[]> {
  const sizes = groups.map(() => 0)
  let next = 0
  const worker = async () => {
    while (next < groups.length) {
      const index = next++
      for (const file of groups[index]!) sizes[index]! += await sizeOf(file)
    }
  }
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, groups.length) }, worker))
  return sizes
}

function sizeOf(file: string): Promise<number> {
  return lstat(file).then(
    (s) => s.size,
    () => 0,
  )
}

/** Bytes taken by the regular files directly in `dir` (0 when it is missing); links are not followed. */
export async function folderSize(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(missingAsEmpty)
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(dir, entry.name))
  return filesSize(files)
}

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
