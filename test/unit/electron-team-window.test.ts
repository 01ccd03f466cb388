import { describe, expect, it, vi } from 'vitest'

// Electron cannot run here: BrowserWindow and session are recorders of what a team window is opened with.
const electron = vi.hoisted(() => ({
  windows: [] as Array<{ options: { title: string; webPreferences: Record<string, unknown> }; loaded: string[] }>,
  sessions: new Map<
    string,
    { request?: (c: unknown, p: string, cb: (ok: boolean) => void) => void; check?: () => boolean }
  >(),
}))
vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {}
    loaded: string[] = []
    constructor(options: { title: string; webPreferences: Record<string, unknown> }) {
      electron.windows.push({ options, loaded: this.loaded })
    }
    loadURL(url: string) {
      this.loaded.push(url)
      return Promise.resolve()
    }
  },
  session: {
    fromPartition(name: string) {
      const recorded = electron.sessions.get(name) ?? {}
      electron.sessions.set(name, recorded)
      return {
        setPermissionRequestHandler: (handler: typeof recorded.request) => (recorded.request = handler),
        setPermissionCheckHandler: (handler: typeof recorded.check) => (recorded.check = handler),
      }
    },
  },
  app: { on: vi.fn() },
  shell: { openExternal: vi.fn() },
}))

const { isTeamPage, openTeamWindow } = await import('../../main/electron/team-window')

const team = (origin: string) => ({ origin, person: null, signInUrl: `${origin}/?token=fvt_secret` })

describe('a team window', () => {
  it('shows the hub signed in, with no preload, sandboxed, in a session of its own that denies every permission', () => {
    const window = openTeamWindow(team('https://hub.example.com'))
    const [opened] = electron.windows
    expect(opened!.loaded).toEqual(['https://hub.example.com/?token=fvt_secret'])
    expect(opened!.options.title).toBe('Framevault — hub.example.com')
    const preferences = opened!.options.webPreferences
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(preferences.preload).toBeUndefined()
    const partition = preferences.partition as string
    expect(partition).toMatch(/^persist:team-[0-9a-f]{16}$/)
    const denied = vi.fn()
    electron.sessions.get(partition)!.request!({}, 'media', denied)
    expect(denied).toHaveBeenCalledWith(false)
    expect(electron.sessions.get(partition)!.check!()).toBe(false)

    // Its hub's pages and no others; another window (the app's) is not a team window.
    const contents = window.webContents
    expect(isTeamPage(contents, 'https://hub.example.com/#/workflows')).toBe(true)
    expect(isTeamPage(contents, 'https://hub.example.com.evil.example/')).toBe(false)
    expect(isTeamPage(contents, 'http://hub.example.com/')).toBe(false)
    expect(isTeamPage(contents, 'not a url')).toBe(false)
    expect(isTeamPage({} as typeof contents, 'https://hub.example.com/')).toBe(false)
  })

  it('keeps each hub’s sign-in apart: another hub, another session', () => {
    openTeamWindow(team('https://other.example.com'))
    const partitions = electron.windows.map((opened) => opened.options.webPreferences.partition)
    expect(new Set(partitions).size).toBe(partitions.length)
  })
})
