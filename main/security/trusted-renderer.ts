/** Where the desktop renderer is served from in a build: our own privileged scheme. */
export const RENDERER_SCHEME = 'app'
export const RENDERER_HOST = 'renderer'
export const BUILT_RENDERER_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`

/**
 * True when `frameUrl` belongs to our renderer (`rendererUrl`: the built app:// page, or the
 * dev server in development). Compares scheme and host: custom schemes have no URL origin.
 */
export function isTrustedRendererUrl(frameUrl: string, rendererUrl: string): boolean {
  const frame = parseUrl(frameUrl)
  const ours = parseUrl(rendererUrl)
  return frame !== undefined && ours !== undefined && frame.protocol === ours.protocol && frame.host === ours.host
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
