import { readdir, rm, rmdir, stat, utimes } from 'node:fs/promises'
import path from 'node:path'

/** How large the downloads an S3 store keeps may grow, and how long a file just used is spared. */
export interface DownloadCacheLimits {
  /** The most bytes kept (default 20 GiB); the least recently used files go first. */
  maxBytes?: number
  /** A file used this recently is never removed, whatever the size (default 10 minutes): a tool may be about to read it. */
  spareMs?: number
}

const GIB = 1024 ** 3
const DEFAULTS = { maxBytes: 20 * GIB, spareMs: 10 * 60_000 }

/**
 * The local copies an S3 store downloads for tools (ffmpeg, ffprobe, Tesseract) under `dir`, kept to a size: a file
 * handed out is marked used (its modification time), and once the copies pass `maxBytes` the least recently used go,
 * but none used within `spareMs`. What is there is read from the folder at the first trim (other processes' copies
 * and those of earlier runs count too), then kept up to date in memory.
 */
export function downloadCache(dir: string, limits: DownloadCacheLimits = {}) {
  const maxBytes = limits.maxBytes ?? DEFAULTS.maxBytes
  const spareMs = limits.spareMs ?? DEFAULTS.spareMs
  let known: Promise<Map<string, { size: number; usedMs: number }>> | undefined
  const files = () => (known ??= scan(dir))
  let trimming = Promise.resolve()

  const trim = async () => {
    const kept = await files()
    let total = [...kept.values()].reduce((sum, file) => sum + file.size, 0)
    if (total <= maxBytes) return
    const now = Date.now()
    for (const [file, { size, usedMs }] of [...kept].sort((a, b) => a[1].usedMs - b[1].usedMs)) {
      if (total <= maxBytes || now - usedMs < spareMs) break
      // Another process may have used it since: its time on disk says.
      const onDisk = await stat(file).catch(() => null)
      if (onDisk && now - onDisk.mtimeMs < spareMs) {
        kept.set(file, { size, usedMs: onDisk.mtimeMs })
        continue
      }
      await rm(file, { force: true })
      kept.delete(file)
      total -= size
      await removeEmptyFolders(dir, path.dirname(file))
    }
  }

  return {
    /**
     * Notes `file` (under `dir`, `size` bytes) used now: one just downloaded, or a copy handed out again. False when
     * it is gone meanwhile (another process trimmed it): download it again.
     */
    async used(file: string, size: number): Promise<boolean> {
      const now = new Date()
      const marked = await utimes(file, now, now).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false
          throw error
        },
      )
      if (!marked) return false
      ;(await files()).set(file, { size, usedMs: now.getTime() })
      // One trim at a time; a failure to remove is told, and the copy handed out is not affected.
      trimming = trimming
        .then(trim)
        .catch((error: unknown) => console.error('framevault: the download cache could not be trimmed:', error))
      return true
    },
    /** Settles once the trims asked for so far are done. */
    trimmed: () => trimming,
  }
}

export type DownloadCache = ReturnType<typeof downloadCache>

/** Every file under `dir` with its size and last use (modification time). */
async function scan(dir: string): Promise<Map<string, { size: number; usedMs: number }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const found = new Map<string, { size: number; usedMs: number }>()
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue
    const file = path.join(entry.parentPath, entry.name)
    const info = await stat(file).catch(() => null)
    if (info) found.set(file, { size: info.size, usedMs: info.mtimeMs })
  }
  return found
}

/** Removes `folder` and its parents up to (not including) `root` while they are empty. */
async function removeEmptyFolders(root: string, folder: string): Promise<void> {
  for (let at = folder; at.startsWith(root + path.sep); at = path.dirname(at)) {
    // Not empty (or gone): stop there.
    if (
      !(await rmdir(at).then(
        () => true,
        () => false,
      ))
    )
      return
  }
}
