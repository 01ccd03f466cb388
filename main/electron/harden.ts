import { app, session, shell, type Session, type WebContents } from 'electron'
import { isAppExternalLink } from '../../shared/external-links'
import { contentSecurityPolicy } from '../security/csp'

/**
 * App-wide guards: no permissions, no navigation away from the renderer (or, in a team window, from its hub's
 * pages: `isTrustedUrl` is asked with the page's contents), no new windows (the app's own external links open in
 * the user's browser, nothing else does), no <webview>.
 */
export function hardenApp(isTrustedUrl: (url: string, contents: WebContents) => boolean, devServer: boolean): void {
  denyPermissions(session.defaultSession)
  if (devServer) {
    // The dev server's pages carry no CSP of their own; add the (dev-relaxed) policy here.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [contentSecurityPolicy({ dev: true })],
        },
      })
    })
  }
  app.on('web-contents-created', (_event, contents) => guardContents(contents, isTrustedUrl))
}

/** Refuses every permission a page of `target` asks for or is checked for (camera, notifications, …). */
export function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  target.setPermissionCheckHandler(() => false)
}

function guardContents(contents: WebContents, isTrustedUrl: (url: string, contents: WebContents) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (isTrustedUrl(url, contents)) return
    event.preventDefault()
    openAppLink(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, contents)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openAppLink(url)
    return { action: 'deny' }
  })
}

/** Opens `url` in the user's browser if the app itself made it; a URL a page made up could start any handler on the system. */
function openAppLink(url: string): void {
  if (!isAppExternalLink(url)) return
  shell.openExternal(url).catch((error: unknown) => console.error(`Cannot open ${url}:`, error))
}
