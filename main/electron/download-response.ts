import { PassThrough, Readable } from 'node:stream'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import type { Library } from '../services/library-context'
import { writeAssetsZip } from '../services/assets/download-zip'
import { openOriginal, plannedZip } from '../web/download-route'
import { errorResponse, fileResponse } from './file-response'

// Plain fetch-API code (no electron import), so app://'s downloads are tested in Node.

/** Whether app:// serves `pathname` as a download (`/download`, `/download/files/<id>`). */
export function isDownloadPath(pathname: string): boolean {
  return pathname === '/download' || pathname.startsWith('/download/')
}

/**
 * app://'s answer to a download, as the web host's: an original as an attachment, or the zip of `ids=…` /
 * `collection=…` (a query, or a POSTed form) written as the window reads it; a typed error before any byte.
 */
export async function downloadResponse(lib: Library, request: Request): Promise<Response> {
  try {
    const url = new URL(request.url)
    const original = await openOriginal(lib, url.pathname)
    if (original) {
      const response = fileResponse(request, original.file)
      response.headers.set('content-disposition', original.disposition)
      return response
    }
    const fields = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams
    const zip = await plannedZip(lib, fields)
    const body = new PassThrough()
    const left = new AbortController()
    body.on('close', () => left.abort())
    void writeAssetsZip(lib, zip.entries, body, left.signal).catch(() => body.destroy())
    const web = Readable.toWeb(body) as NodeWebStream<Uint8Array> as unknown as ReadableStream<Uint8Array>
    return new Response(web, { status: 200, headers: zip.headers })
  } catch (error) {
    return errorResponse(error)
  }
}
