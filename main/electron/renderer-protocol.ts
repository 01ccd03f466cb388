import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { net, protocol } from 'electron'
import { toAppError } from '../dispatch'
import type { Library } from '../library/library'
import { resolveInside } from '../security/contained-path'
import { contentSecurityPolicy } from '../security/csp'
import { RENDERER_HOST, RENDERER_SCHEME } from '../security/trusted-renderer'
import { parseThumbnailPath, thumbnailFile } from '../services/thumbnails'

/** Must run before `app.ready`: lets app:// behave like a secure web origin. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/**
 * Serves the built renderer on app://renderer/ with the strict CSP, nothing outside its
 * folder, and the library's thumbnails at /media/thumbs/... as the web host does.
 */
export function serveRenderer(rendererDir: string, library: Library): void {
  const root = path.resolve(rendererDir)
  protocol.handle(RENDERER_SCHEME, async (request) => {
    const url = new URL(request.url)
    const thumbnail = url.host === RENDERER_HOST ? parseThumbnailPath(url.pathname) : undefined
    if (thumbnail) return serveThumbnail(library, thumbnail.id, thumbnail.kind)
    const file = url.host === RENDERER_HOST ? resolveInside(root, url.pathname) : undefined
    if (file === undefined || file === root) return new Response(null, { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('content-security-policy', contentSecurityPolicy())
    headers.set('x-content-type-options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}

async function serveThumbnail(library: Library, id: string, kind: 'poster' | 'sprite'): Promise<Response> {
  try {
    const file = await thumbnailFile(library, id, kind)
    return net.fetch(pathToFileURL(file).toString())
  } catch (error) {
    return new Response(toAppError(error).message, { status: 404 })
  }
}
