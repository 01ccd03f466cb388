import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { writeAtomically } from './atomic-write'

// Caches this machine keeps in the library folder (the facet snapshot, services/facet-index/): made again
// from the database when missing, so they are no objects of the store, which other machines would share.

/** Writes a cache file atomically: a crash leaves the old one or none, never half of one. */
export async function saveCacheFile(file: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(file, (temp) => writeFile(temp, bytes))
}

/** A cache file's bytes, or null when there is none (or it cannot be read). */
export function readCacheFile(file: string): Promise<Buffer | null> {
  return readFile(file).catch(() => null)
}

/** Whether a cache file is there (without waiting: asked while answering a synchronous read). */
export function cacheFileExists(file: string): boolean {
  return existsSync(file)
}
