import { describe, expect, it, vi } from 'vitest'

// Electron cannot run here. main/index.ts is the desktop host's glue: with electron and the
// modules it wires replaced by recorders, this checks what it hands to whom.
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ webPreferences: Record<string, unknown> }>,
  openLibrary: vi.fn<(dir: string, options: Record<string, unknown>) => object>(() => ({
    close: async () => {},
    events: { subscribe: () => () => {} },
  })),
  registerIpc: vi.fn(),
}))
vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    whenReady: () => Promise.resolve(),
    getPath: () => '/home/user/.config/Framevault',
    on: vi.fn(),
  },
  BrowserWindow: class {
    webContents = {}
    constructor(options: { webPreferences: Record<string, unknown> }) {
      recorded.windows.push(options)
    }
    once() {}
    loadURL = () => Promise.resolve()
  },
  dialog: { showErrorBox: vi.fn() },
}))
vi.mock('../../main/app/open-library', () => ({ openLibrary: recorded.openLibrary }))
vi.mock('../../main/electron/ipc', () => ({ registerIpc: recorded.registerIpc, forwardEvents: vi.fn() }))
vi.mock('../../main/electron/harden', () => ({ hardenApp: vi.fn() }))
vi.mock('../../main/electron/native-binding', () => ({ electronNativeBinding: () => undefined }))
vi.mock('../../main/electron/renderer-protocol', () => ({ registerRendererScheme: vi.fn(), serveRenderer: vi.fn() }))

const { startUtilityHelper } = await import('../../main/electron/utility-helper')
await import('../../main/index')
await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))

describe('the Electron host', () => {
  it('opens the library with no path allowed up front and the tool runner in a utility process', () => {
    const [[dir, options]] = recorded.openLibrary.mock.calls
    expect(dir).toBe('/home/user/.config/Framevault/library')
    expect(options).toMatchObject({ allowedPaths: [], ingest: { startHelper: startUtilityHelper } })
    // A session that library:open can switch: IPC reaches whichever library it has open.
    expect(options.switchLibrary).toMatchObject({ open: expect.any(Function), previous: expect.any(Function) })
    const served = recorded.registerIpc.mock.calls[0][0] as { current: unknown }
    expect(served.current).toBe(recorded.openLibrary.mock.results[0].value)
  })

  it('opens its window sandboxed and isolated, without Node, with the one preload', () => {
    expect(recorded.windows[0].webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(String(recorded.windows[0].webPreferences.preload)).toMatch(/preload\/index\.cjs$/)
  })
})
