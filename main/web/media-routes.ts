import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import { ResumableProbeQuery, ResumableUploadQuery, UploadDiscardQuery, UploadQuery } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../services/library-context'
import { findUnstorableText } from '../security/well-formed-input'
import { openMediaFile, parseMediaFilePath } from '../services/assets/media-files'
import { openThumbnail, parseThumbnailPath } from '../services/assets/thumbnail-files'
import { openTimelineFrame, parseFramePath } from '../services/pipelines/frame-files'
import { requireVisible, requireVisibleTimeline } from '../services/visibility/visibility'
import { sendJson } from './http-replies'
import { sendOpenedFile } from './send-file'

/**
 * `POST /upload?name=<file name>`: streams the body into the library's temp folder, hashing it on the way. With
 * `&sha256=…&offset=…&size=…`, resumable: the bytes from `offset` on are kept even if the request is cut off, and
 * the request bringing the last one answers the upload (an earlier one `{received}`).
 */
export async function receiveUpload(lib: Library, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const params = Object.fromEntries(url.searchParams)
  const refuse = (issues: z.core.$ZodIssue[] | undefined, needs: string) =>
    new AppError(
      'validation',
      `Upload needs ?${needs} (file names 1 to 255 characters of well-formed Unicode, no control or text-direction characters).`,
      {
        issues: issues?.map(({ path, message }) => ({ path, message })) ?? [],
      },
    )
  if ('sha256' in params) {
    const query = ResumableUploadQuery.safeParse(params)
    if (!query.success || findUnstorableText(params)) {
      throw refuse(query.error?.issues, 'name, sha256 (sha256:<64 hex>), offset and size')
    }
    return sendJson(res, 200, { ok: true, data: await lib.uploads.receiveResumable(req, query.data.name, query.data) })
  }
  const query = UploadQuery.safeParse(params)
  if (!query.success || findUnstorableText(params)) throw refuse(query.error?.issues, 'name=<file name>')
  const declared = req.headers['content-length']
  const upload = await lib.uploads.receive(req, query.data.name, declared === undefined ? undefined : Number(declared))
  sendJson(res, 200, { ok: true, data: upload })
}

/**
 * `GET /upload?sha256=<content>`: how many bytes of a resumable upload of that content the host holds, and the upload
 * to import when it holds them all.
 */
export async function probeUpload(lib: Library, url: URL, res: ServerResponse): Promise<void> {
  const query = ResumableProbeQuery.safeParse(Object.fromEntries(url.searchParams))
  if (!query.success) throw new AppError('validation', 'Asking about an upload needs ?sha256=sha256:<64 hex>.')
  sendJson(res, 200, { ok: true, data: await lib.uploads.resumableReceived(query.data.sha256) })
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
  // A file of an asset the caller may not see is a file that does not exist (404).
  const id = parseMediaFilePath(pathname)
  if (id !== undefined) {
    await requireVisible(lib, [id])
    return sendOpenedFile(req, res, await openMediaFile(lib, id))
  }
  const frame = parseFramePath(pathname)
  if (frame) {
    await requireVisibleTimeline(lib, frame.timelineId)
    return sendOpenedFile(req, res, await openTimelineFrame(lib, frame.timelineId, frame.sequence))
  }
  const wanted = parseThumbnailPath(pathname)
  if (!wanted) throw new AppError('not_found', `No media at ${pathname}.`)
  await requireVisible(lib, [wanted.id])
  // A missing thumbnail is answered at once (404) and made at the front of the queue.
  await sendOpenedFile(req, res, await openThumbnail(lib, wanted.id, wanted.kind))
}
