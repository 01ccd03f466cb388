import path from 'node:path'
import { once } from 'node:events'
import type { Readable, Writable } from 'node:stream'
import { ZipFile } from 'yazl'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { openMediaFile } from './media-files'
import { requireVisible, visibleCollections } from '../visibility/visibility'

/** What a download names: assets by id, or a collection's assets. */
export type DownloadSet = { ids: readonly string[] } | { collectionId: number }

/** An asset as a zip holds it: its id and the entry name it is stored under. */
export interface ZipEntry {
  id: string
  name: string
}

// Windows and the zip readers people use refuse these in a name; each becomes a low line.
const UNSAFE_IN_NAME = /[\\/:*?"<>|\p{Cc}]/gu
/** The entry that names the chosen files a zip could not include, and why. */
export const NOT_INCLUDED = 'NOT INCLUDED.txt'

/**
 * The entries of a download: each asset under its name as people know it (with its file's extension when the name
 * has none), a second of one name as "name (2).ext". Unknown ids or collection → `not_found`, before any byte is sent.
 */
export async function downloadEntries(
  lib: Uses<'collections' | 'media' | 'shares'> & Pick<Library, 'visibility'>,
  set: DownloadSet,
): Promise<ZipEntry[]> {
  const { media, collections } = lib.catalog.repos
  let ids: readonly string[]
  if ('collectionId' in set) {
    // A collection the caller may not see is one that does not exist, as are assets outside what they may see.
    const seen = visibleCollections(lib.visibility)
    const known = (seen === null || seen.includes(set.collectionId)) && (await collections.get(set.collectionId))
    if (!known) throw new AppError('not_found', `No collection ${set.collectionId}.`)
    ids = await collections.memberIds(set.collectionId)
  } else ids = [...new Set(set.ids)]
  await requireVisible(lib, ids)
  const taken = new Set<string>()
  const entries: ZipEntry[] = []
  for (const id of ids) {
    const asset = await media.get(id)
    if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
    entries.push({ id, name: uniqueName(entryName(asset.name, asset.filePath), taken) })
  }
  return entries
}

/**
 * Writes the assets' own files into `out` as one zip, stored as they are (media is compressed already), one file
 * open at a time and read as the zip is read (no copy of the set anywhere). A file that cannot be read (missing,
 * out of reach) is left out and named with why in "NOT INCLUDED.txt". `signal` (the reader went away) stops it:
 * the file being read is closed and `out` destroyed.
 */
export async function writeAssetsZip(
  lib: Pick<Library, 'catalog' | 'dir' | 'store'>,
  entries: readonly ZipEntry[],
  out: Writable,
  signal?: AbortSignal,
): Promise<{ written: number; left: string[] }> {
  const zip = new ZipFile()
  const done = new Promise<void>((resolve, reject) => {
    zip.outputStream.on('error', reject)
    out.on('error', reject)
    out.on('finish', resolve)
  })
  done.catch(() => undefined)
  zip.outputStream.pipe(out)
  const left: string[] = []
  let written = 0
  let reading: Readable | undefined
  try {
    for (const entry of entries) {
      signal?.throwIfAborted()
      const opened = await openMediaFile(lib, entry.id).catch((error: unknown) => {
        left.push(`${entry.name}: ${(error as Error).message}`)
        return undefined
      })
      if (!opened) continue
      reading = opened.read()
      zip.addReadStream(reading, entry.name, { compress: false, size: opened.size, mtime: new Date(opened.mtimeMs) })
      await once(reading, 'end', { signal })
      written += 1
    }
    if (left.length > 0) zip.addBuffer(Buffer.from(`${notIncludedWords(left)}\n`), NOT_INCLUDED)
    zip.end()
    await done
    return { written, left }
  } catch (error) {
    reading?.destroy()
    zip.outputStream.unpipe(out)
    out.destroy()
    throw error
  }
}

/** The words of NOT INCLUDED.txt: which files the zip lacks and why, one a line. */
function notIncludedWords(left: readonly string[]): string {
  return [`${left.length} of the chosen files could not be read and are not in this zip:`, ...left].join('\n')
}

/** An asset's entry name: its name made safe for a file system, with its file's extension when it has none. */
export function entryName(name: string, filePath: string): string {
  const safe = name.replace(UNSAFE_IN_NAME, '_').trim().replace(/^\.+/, '') || 'asset'
  const extension = path.extname(filePath)
  return extension && path.extname(safe).toLowerCase() !== extension.toLowerCase() ? safe + extension : safe
}

/** `name`, or "stem (2).ext", "stem (3).ext"… when an earlier entry took it (any case: Windows and macOS would clash). */
function uniqueName(name: string, taken: Set<string>): string {
  const extension = path.extname(name)
  const stem = name.slice(0, name.length - extension.length)
  let candidate = name
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${extension}`
  taken.add(candidate.toLowerCase())
  return candidate
}
