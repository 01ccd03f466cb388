import { app, session, shell, type WebContents } from 'electron'
import { isAppExternalLink } from '../../shared/external-links'
import { contentSecurityPolicy } from '../security/csp'

/**
 * App-wide guards: no permissions, no navigation away from the renderer, no new windows
 * (the app's own external links open in the user's browser, nothing else does), no <webview>.
 */
export function hardenApp(isTrustedUrl: (url: string) => boolean, devServer: boolean): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
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

function guardContents(contents: WebContents, isTrustedUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (isTrustedUrl(url)) return
    event.preventDefault()
    openAppLink(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault()
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
