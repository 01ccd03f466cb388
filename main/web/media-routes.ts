import type { IncomingMessage, ServerResponse } from 'node:http'
import { UploadQuery } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../library/library'
import { findIllFormedString } from '../security/well-formed-input'
import { parseThumbnailPath, thumbnailFile } from '../services/thumbnails'
import { sendJson } from './http-replies'
import { sendFile } from './send-file'

/** `POST /upload?name=<file name>`: streams the body into the library's temp folder, hashing it on the way. */
export async function receiveUpload(lib: Library, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = Object.fromEntries(url.searchParams)
  const query = UploadQuery.safeParse(params)
  if (!query.success || findIllFormedString(params)) {
    throw new AppError('validation', 'Upload needs ?name=<file name> (1 to 255 characters of well-formed Unicode).', {
      issues: query.error?.issues.map(({ path, message }) => ({ path, message })) ?? [],
    })
  }
  const declared = req.headers['content-length']
  const upload = await lib.uploads.receive(req, query.data.name, declared === undefined ? undefined : Number(declared))
  sendJson(res, 200, { ok: true, data: upload })
}

/** `GET /media/thumbs/<id>/<poster|sprite>.jpg`: an asset's thumbnail, regenerated when missing. */
export async function serveThumbnail(lib: Library, res: ServerResponse, pathname: string): Promise<void> {
  const wanted = parseThumbnailPath(pathname)
  if (!wanted) throw new AppError('not_found', `No media at ${pathname}.`)
  const file = await thumbnailFile(lib, wanted.id, wanted.kind)
  await sendFile(res, file, {
    'content-type': 'image/jpeg',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache',
  })
}
