import { describe, expect, it, vi } from 'vitest'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import type { BridgeApi } from '../../shared/bridge'
import {
  CHOOSE_FOLDER_CHANNEL,
  EVENT_CHANNEL,
  GRANT_PATH_CHANNEL,
  OPEN_TEAM_LIBRARY_CHANNEL,
} from '../../shared/bridge'
import { channels } from '../../shared/contract'

// Electron cannot run here; contextBridge and ipcRenderer are recorders.
const electron = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
  on: vi.fn(),
  removeListener: vi.fn(),
  sendSync: vi.fn<(channel: string, path: string) => boolean>(() => true),
  getPathForFile: vi.fn((file: { name: string }) => (file.name === 'snippet' ? '' : `/dropped/${file.name}`)),
}))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => electron.exposed.push([key, value]) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: electron.on,
    removeListener: electron.removeListener,
    sendSync: electron.sendSync,
  },
  webUtils: { getPathForFile: electron.getPathForFile },
}))

await import('../../preload/index')
const [[key, api]] = electron.exposed as [[string, BridgeApi]]

describe('preload bridge', () => {
  it('exposes one object, window.api, with one function per channel plus onEvent, pathForFile, chooseFolder, openTeamLibrary and nothing else', () => {
    expect(electron.exposed).toHaveLength(1)
    expect(key).toBe('api')
    const extras = ['onEvent', 'pathForFile', 'chooseFolder', 'openTeamLibrary']
    expect(Object.keys(api).sort()).toEqual([...channels, ...extras].sort())
  })

  it('hands "Open team library…" to main on its own channel, address and token as typed', async () => {
    electron.invoke.mockClear()
    const request = { address: 'https://hub.example.com', token: 'fvt_abc' }
    await api.openTeamLibrary(request)
    expect(electron.invoke.mock.calls).toEqual([[OPEN_TEAM_LIBRARY_CHANNEL, request]])
  })

  it('asks webUtils for the path of a dropped file and grants it to main before returning it', () => {
    electron.sendSync.mockClear()
    const file = { name: 'clip.mp4' } as File
    expect(api.pathForFile(file)).toBe('/dropped/clip.mp4')
    expect(electron.getPathForFile).toHaveBeenCalledWith(file)
    expect(electron.sendSync.mock.calls).toEqual([[GRANT_PATH_CHANNEL, '/dropped/clip.mp4']])
  })

  it('asks main for the folder dialog on its own channel, with nothing from the page', async () => {
    electron.invoke.mockClear()
    await api.chooseFolder()
    expect(electron.invoke.mock.calls).toEqual([[CHOOSE_FOLDER_CHANNEL]])
  })

  it('grants nothing for an item with no file on disk', () => {
    electron.sendSync.mockClear()
    expect(api.pathForFile({ name: 'snippet' } as File)).toBe('')
    expect(electron.sendSync).not.toHaveBeenCalled()
  })

  it("grants every dropped path before the renderer's media:import call goes out", async () => {
    electron.sendSync.mockClear()
    electron.invoke.mockClear()
    const files = ['a.mp4', 'b.mov'].map((name) => ({ name }) as File)
    await electronTransport(api).importFiles(files, false)
    const importCall = electron.invoke.mock.calls.findIndex(([channel]) => channel === 'media:import')
    expect(electron.invoke.mock.calls[importCall]).toEqual([
      'media:import',
      { paths: ['/dropped/a.mp4', '/dropped/b.mov'], link: false },
    ])
    const grantOrder = electron.sendSync.mock.invocationCallOrder
    expect(electron.sendSync.mock.calls.map(([, path]) => path)).toEqual(['/dropped/a.mp4', '/dropped/b.mov'])
    expect(Math.max(...grantOrder)).toBeLessThan(electron.invoke.mock.invocationCallOrder[importCall])
  })

  it('invokes the channel of the same name', async () => {
    expect(await api['library:info']({})).toEqual({ ok: true, data: { channel: 'library:info', input: {} } })
  })

  it('relays pushed events to a listener until it unsubscribes', () => {
    const listener = vi.fn()
    const unsubscribe = api.onEvent(listener)
    const [channel, relay] = electron.on.mock.calls[0] as [string, (e: unknown, m: unknown) => void]
    expect(channel).toBe(EVENT_CHANNEL)
    relay({}, { name: 'library:changed', payload: { tables: [] } })
    expect(listener).toHaveBeenCalledWith({ name: 'library:changed', payload: { tables: [] } })
    unsubscribe()
    expect(electron.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, relay)
  })
})
