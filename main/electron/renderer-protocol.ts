import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { net, protocol } from 'electron'
import { librarySource, type LibrarySource } from '../app/library-session'
import type { Library } from '../services/library-context'
import { resolveInside } from '../security/contained-path'
import { contentSecurityPolicy } from '../security/csp'
import { RENDERER_HOST, RENDERER_SCHEME } from '../security/trusted-renderer'
import { openMediaFile, parseMediaFilePath } from '../services/assets/media-files'
import { openThumbnail, parseThumbnailPath } from '../services/assets/thumbnail-files'
import { openTimelineFrame, parseFramePath } from '../services/pipelines/frame-files'
import { openedFileResponse } from './file-response'
import { downloadResponse, isDownloadPath } from './download-response'

/** Must run before `app.ready`: lets app:// behave like a secure web origin that can stream media to <video>. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

/**
 * Serves the built renderer on app://renderer/ with the strict CSP, nothing outside its
 * folder, and the library's media as the web host does: an asset's file at /media/files/<id>,
 * its thumbnails at /media/thumbs/... and timelines' frames at /media/frames/..., answering Range
 * itself (200, 206, 416).
 */
export function serveRenderer(rendererDir: string, library: Library | LibrarySource): void {
  const root = path.resolve(rendererDir)
  const libraries = librarySource(library)
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== RENDERER_HOST) return new Response(null, { status: 404 })
    if (isDownloadPath(url.pathname)) return libraries.use((lib) => downloadResponse(lib, request))
    const mediaId = parseMediaFilePath(url.pathname)
    if (mediaId !== undefined)
      return openedFileResponse(request, () => libraries.use((lib) => openMediaFile(lib, mediaId)))
    const thumbnail = parseThumbnailPath(url.pathname)
    if (thumbnail)
      return openedFileResponse(request, () => libraries.use((lib) => openThumbnail(lib, thumbnail.id, thumbnail.kind)))
    const frame = parseFramePath(url.pathname)
    if (frame) {
      return openedFileResponse(request, () => openTimelineFrame(libraries.current, frame.timelineId, frame.sequence))
    }
    const file = resolveInside(root, url.pathname)
    if (file === undefined || file === root) return new Response(null, { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('content-security-policy', contentSecurityPolicy())
    headers.set('x-content-type-options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}
