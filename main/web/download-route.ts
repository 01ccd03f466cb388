import type { IncomingMessage, ServerResponse } from 'node:http'
import { DownloadQuery } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library, Uses } from '../services/library-context'
import type { OpenedObject } from '../storage/object-store'
import {
  downloadEntries,
  entryName,
  writeAssetsZip,
  type DownloadSet,
  type ZipEntry,
} from '../services/assets/download-zip'
import { openMediaFile } from '../services/assets/media-files'
import { requireVisible } from '../services/visibility/visibility'
import { readFormBody } from './read-body'
import { sendOpenedFile } from './send-file'

const ORIGINAL_PATH = /^\/download\/files\/([A-Za-z0-9]{1,64})$/
// A form of ids: 10,000 ids of 64 characters and their commas, with room for the field's name.
const MAX_FORM_BYTES = 700_000

/**
 * `GET /download/files/<id>`: an asset's original, as an attachment under its name. `GET /download?ids=a,b` or
 * `?collection=N`, or `POST /download` with that as a form (a selection too long for an address): the assets as one
 * zip, written as it is sent (no copy of the set on the server's disk). A reader who leaves stops it.
 */
export async function serveDownload(lib: Library, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const original = await openOriginal(lib, url.pathname)
  if (original) {
    res.setHeader('content-disposition', original.disposition)
    return sendOpenedFile(req, res, original.file)
  }
  if (url.pathname !== '/download') throw new AppError('not_found', `No download at ${url.pathname}.`)
  const zip = await plannedZip(
    lib,
    req.method === 'POST'
      ? await readFormBody(req, MAX_FORM_BYTES, 'A download form holds at most 10,000 ids.')
      : url.searchParams,
  )
  res.writeHead(200, zip.headers)
  const left = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) left.abort(new AppError('io', 'The reader left before the zip was complete.'))
  })
  await writeAssetsZip(lib, zip.entries, res, left.signal).catch(() => res.destroy())
}

/** The entries and reply headers of the zip `fields` name (`ids=…` or `collection=…`); a typed error before any byte. */
export async function plannedZip(
  lib: Uses<'collections' | 'media' | 'shares'> & Pick<Library, 'visibility'>,
  fields: URLSearchParams,
): Promise<{ entries: ZipEntry[]; headers: Record<string, string> }> {
  const query = DownloadQuery.safeParse(Object.fromEntries(fields))
  if (!query.success) {
    throw new AppError('validation', 'A download names assets (ids=<id>,<id>,…) or a collection (collection=<id>).')
  }
  const set: DownloadSet = 'ids' in query.data ? { ids: query.data.ids } : { collectionId: query.data.collection }
  const entries = await downloadEntries(lib, set)
  if (entries.length === 0) throw new AppError('not_found', 'That collection holds no assets to download.')
  const headers = {
    'content-type': 'application/zip',
    'content-disposition': attachment(await zipName(lib, set, entries.length)),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  }
  return { entries, headers }
}

/** The original of `/download/files/<id>` and the Content-Disposition it is sent with; undefined for another path. */
export async function openOriginal(
  lib: Pick<Library, 'catalog' | 'dir' | 'store' | 'visibility'>,
  pathname: string,
): Promise<{ file: OpenedObject; disposition: string } | undefined> {
  const id = ORIGINAL_PATH.exec(pathname)?.[1]
  if (id === undefined) return undefined
  await requireVisible(lib, [id])
  const asset = await lib.catalog.repos.media.get(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  return { file: await openMediaFile(lib, id), disposition: attachment(entryName(asset.name, asset.filePath)) }
}

async function zipName(lib: Uses<'collections'>, set: DownloadSet, count: number): Promise<string> {
  if ('collectionId' in set) {
    const collection = await lib.catalog.repos.collections.get(set.collectionId)
    if (collection) return `${entryName(collection.name, '')}.zip`
  }
  return `${count} ${count === 1 ? 'asset' : 'assets'}.zip`
}

/** A Content-Disposition that keeps any name (RFC 6266: an ASCII fallback, then the UTF-8 name). */
function attachment(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`
}
