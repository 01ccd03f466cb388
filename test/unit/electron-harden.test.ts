import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { externalLinks, isAppExternalLink } from '../../shared/external-links'

// Electron cannot run here; app, session and shell are recorders of what hardenApp installs.
const electron = vi.hoisted(() => ({
  app: null as unknown as EventEmitter,
  permissionRequest: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | (() => boolean),
  headers: undefined as undefined | ((d: unknown, cb: (r: unknown) => void) => void),
  openExternal: vi.fn(async () => {}),
}))
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  electron.app = new Emitter()
  return {
    app: electron.app,
    shell: { openExternal: electron.openExternal },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof electron.permissionRequest) => (electron.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof electron.permissionCheck) => (electron.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: typeof electron.headers) => (electron.headers = h) },
      },
    },
  }
})

const { hardenApp } = await import('../../main/electron/harden')
// The app's renderer everywhere; a team window (here: contents with a `hub`) its hub's pages too.
hardenApp(
  (url, contents) =>
    url.startsWith('app://renderer/') || url.startsWith(`${(contents as unknown as { hub?: string }).hub}/`),
  false,
)

/** A stand-in WebContents: an emitter that records its window-open handler. */
function newContents(hub?: string) {
  const contents = Object.assign(new EventEmitter(), {
    hub,
    openHandler: undefined as undefined | ((d: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      contents.openHandler = handler
    },
  })
  electron.app.emit('web-contents-created', {}, contents)
  return contents
}

function prevented(contents: EventEmitter, event: string, url?: string): boolean {
  const preventDefault = vi.fn()
  contents.emit(event, { preventDefault }, url)
  return preventDefault.mock.calls.length > 0
}

describe('hardenApp', () => {
  it('denies every permission request and check', () => {
    const callback = vi.fn()
    electron.permissionRequest!({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(electron.permissionCheck!()).toBe(false)
  })

  it('adds no header rewriting outside the dev server', () => {
    expect(electron.headers).toBeUndefined()
  })

  it('blocks navigation and redirects away from the renderer, and every <webview>', () => {
    const contents = newContents()
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(prevented(contents, 'will-navigate', 'app://renderer/index.html#/info')).toBe(false)
    expect(prevented(contents, 'will-attach-webview')).toBe(true)
  })

  it('asks with the page’s contents, so a team window may go to its hub’s pages and no window elsewhere', () => {
    const team = newContents('https://hub.example.com')
    expect(prevented(team, 'will-navigate', 'https://hub.example.com/#/workflows')).toBe(false)
    expect(prevented(team, 'will-redirect', 'https://hub.example.com/')).toBe(false)
    expect(prevented(team, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(prevented(newContents(), 'will-navigate', 'https://hub.example.com/')).toBe(true)
  })

  it("denies new windows; only the app's own links open in the browser, by exact match", () => {
    const contents = newContents()
    electron.openExternal.mockClear()
    for (const url of [
      'https://example.org/docs',
      `${externalLinks.ffmpegLegal}?x=1`,
      `${externalLinks.ffmpegLegal}#top`,
      externalLinks.ffmpegLegal.replace('https:', 'http:'),
      externalLinks.ffmpegLegal.toUpperCase(),
      `${externalLinks.ffmpegLegal}/`,
      'file:///bin/sh',
      'smb://host/share',
      'javascript:alert(1)',
    ]) {
      expect(contents.openHandler!({ url })).toEqual({ action: 'deny' })
    }
    expect(electron.openExternal).not.toHaveBeenCalled()
    expect(contents.openHandler!({ url: externalLinks.ffmpegLegal })).toEqual({ action: 'deny' })
    expect(electron.openExternal.mock.calls).toEqual([[externalLinks.ffmpegLegal]])
  })

  it("sends a click on the app's own link to the browser instead of navigating; other links go nowhere", () => {
    const contents = newContents()
    electron.openExternal.mockClear()
    expect(prevented(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(electron.openExternal).not.toHaveBeenCalled()
    expect(prevented(contents, 'will-navigate', externalLinks.ffmpegLegal)).toBe(true)
    expect(electron.openExternal.mock.calls).toEqual([[externalLinks.ffmpegLegal]])
  })
})

describe('external links', () => {
  it('are all plain https URLs', () => {
    for (const url of Object.values(externalLinks)) {
      expect(new URL(url).protocol).toBe('https:')
      expect(isAppExternalLink(url)).toBe(true)
    }
  })
})
