import type { IncomingMessage, ServerResponse } from 'node:http'
import { UploadDiscardQuery, UploadQuery } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../app/library-context'
import { findIllFormedString } from '../security/well-formed-input'
import { openMediaFile, parseMediaFilePath } from '../services/assets/media-files'
import { openThumbnail, parseThumbnailPath } from '../services/assets/thumbnail-files'
import { openTimelineFrame, parseFramePath } from '../services/pipelines/frame-files'
import { sendJson } from './http-replies'
import { sendOpenedFile } from './send-file'

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

/** `DELETE /upload?id=<upload id>`: deletes a received upload that will not be imported (a cancelled drop). */
export async function discardUpload(lib: Library, url: URL, res: ServerResponse): Promise<void> {
  const query = UploadDiscardQuery.safeParse(Object.fromEntries(url.searchParams))
  if (!query.success) throw new AppError('validation', 'Discarding an upload needs ?id=<upload id>.')
  const discarded = await lib.uploads.discard(query.data.id)
  sendJson(res, 200, { ok: true, data: { uploadId: query.data.id, discarded } })
}

/**
 * `GET|HEAD /media/...`: an asset's own file at `/media/files/<id>`, its thumbnails at
 * `/media/thumbs/<id>/<poster|sprite>.jpg` and timelines' frames at `/media/frames/<timeline>/<sequence>.jpg`,
 * all with Range support.
 */
export async function serveMedia(
  lib: Library,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const id = parseMediaFilePath(pathname)
  if (id !== undefined) return sendOpenedFile(req, res, await openMediaFile(lib, id))
  const frame = parseFramePath(pathname)
  if (frame) return sendOpenedFile(req, res, await openTimelineFrame(lib, frame.timelineId, frame.sequence))
  const wanted = parseThumbnailPath(pathname)
  if (!wanted) throw new AppError('not_found', `No media at ${pathname}.`)
  // A missing thumbnail is answered at once (404) and made at the front of the queue.
  await sendOpenedFile(req, res, await openThumbnail(lib, wanted.id, wanted.kind))
}
