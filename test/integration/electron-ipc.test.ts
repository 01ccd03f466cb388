import { EventEmitter } from 'node:events'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import {
  CHOOSE_FOLDER_CHANNEL,
  EVENT_CHANNEL,
  GRANT_PATH_CHANNEL,
  OPEN_TEAM_LIBRARY_CHANNEL,
} from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { startWebHost } from '../../main/web/web-host'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Electron cannot run here; its ipcMain is replaced by a recorder, everything behind it is real.
const registered = vi.hoisted(() => new Map<string, (event: unknown, input: unknown) => Promise<unknown>>())
const listeners = vi.hoisted(() => new Map<string, (event: { returnValue?: unknown }, input: unknown) => void>())
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) =>
      registered.set(channel, handler),
    on: (channel: string, listener: (event: { returnValue?: unknown }, input: unknown) => void) =>
      listeners.set(channel, listener),
  },
}))

const { forwardEvents, registerIpc } = await import('../../main/electron/ipc')
const trusted = (url: string) => url.startsWith('app://renderer/')
const from = (url: string | null) => ({ senderFrame: url === null ? null : { url } })
const fx = inject('fixtures')
const ours = 'app://renderer/index.html'
const noDialog = () => Promise.reject(new Error('no dialog expected in this test'))
const noTeamWindow = () => {
  throw new Error('no team window expected in this test')
}

/** Sends a path grant as the preload's sendSync does and returns the reply it would get. */
function grant(url: string | null, file: unknown): unknown {
  const event: { senderFrame: { url: string } | null; returnValue?: unknown } = from(url)
  listeners.get(GRANT_PATH_CHANNEL)!(event, file)
  return event.returnValue
}

describe('Electron IPC wrapper', () => {
  it('registers exactly one handler per contract channel, dispatching calls from our renderer', async () => {
    registered.clear()
    const lib = testLibrary()
    registerIpc(lib, trusted, noDialog, noTeamWindow)
    expect([...registered.keys()].sort()).toEqual(
      [...channels, CHOOSE_FOLDER_CHANNEL, OPEN_TEAM_LIBRARY_CHANNEL].sort(),
    )
    const reply = await registered.get('library:rename')!(from('app://renderer/index.html'), { name: 'Desk' })
    expect(reply).toMatchObject({ ok: true, data: { name: 'Desk' } })
    expect(await registered.get('library:info')!(from('app://renderer/index.html'), { x: 1 })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    })
  })

  it.each([['https://evil.example/'], ['file:///tmp/page.html'], [null]])(
    'refuses calls from any other frame (%s) before they reach a handler',
    async (url) => {
      registered.clear()
      const lib = testLibrary()
      registerIpc(lib, trusted, noDialog, noTeamWindow)
      const reply = await registered.get('library:rename')!(from(url), { name: 'Hijacked' })
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      expect(await lib.catalog.repos.meta.get('name')).toBe('Framevault library')
    },
  )

  it('imports by path only what the preload granted: a file or folder the user dropped or picked', async () => {
    registered.clear()
    const lib = testLibrary(tempDir(), { allowedPaths: [] })
    registerIpc(lib, trusted, noDialog, noTeamWindow)
    const importPath = (file: string) => registered.get('media:import')!(from(ours), { paths: [file] })
    expect(await importPath(fx.mp4)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await lib.importer.list(10)).toEqual([])

    expect(grant(ours, fx.mp4)).toBe(true)
    expect(await importPath(fx.mp4)).toMatchObject({ ok: true, data: { job: { id: expect.any(String) } } })
    expect(await lib.importer.list(10)).toHaveLength(1)
    // A granted file does not open its folder; a granted folder opens what is inside it.
    const sibling = fx.rotated
    expect(lib.pathGate.permits(sibling)).toBe(false)
    expect(grant(ours, path.dirname(fx.mp4))).toBe(true)
    expect(lib.pathGate.permits(sibling)).toBe(true)
  })

  it.each([
    ['another frame', 'https://evil.example/', '/FIXTURE'],
    ['no frame', null, '/FIXTURE'],
    ['our renderer, empty path (a file with no disk path)', ours, ''],
    ['our renderer, relative path', ours, 'media/clip.mp4'],
    ['our renderer, not a string', ours, ['/FIXTURE']],
  ])('grants nothing to %s', (_name, url, input) => {
    registered.clear()
    const lib = testLibrary(tempDir(), { allowedPaths: [] })
    registerIpc(lib, trusted, noDialog, noTeamWindow)
    const file = JSON.parse(JSON.stringify(input).replaceAll('/FIXTURE', fx.mp4)) as unknown
    expect(grant(url, file)).toBe(false)
    for (const candidate of [fx.mp4, path.join(process.cwd(), 'media/clip.mp4'), process.cwd()]) {
      expect(lib.pathGate.permits(candidate)).toBe(false)
    }
  })

  it('opens a team window for what the check allows, from our renderer alone; says why not in words', async () => {
    registered.clear()
    const lib = testLibrary()
    const host = await startWebHost({ library: lib, rendererDir: tempDir(), port: 0, token: 'team-window-secret-0123' })
    try {
      const opened = vi.fn()
      registerIpc(lib, trusted, noDialog, opened)
      const open = (url: string | null, input: unknown) => registered.get(OPEN_TEAM_LIBRARY_CHANNEL)!(from(url), input)
      const request = { address: `http://127.0.0.1:${host.port}`, token: 'team-window-secret-0123' }
      expect(await open('https://evil.example/', request)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      expect(await open(ours, { ...request, token: 'wrong' })).toMatchObject({
        ok: false,
        error: {
          code: 'unauthorized',
          message: `${request.address} did not take this token: ask the hub’s admin for yours.`,
        },
      })
      expect(await open(ours, { address: 42 })).toMatchObject({ ok: false, error: { code: 'validation' } })
      expect(opened).not.toHaveBeenCalled()
      expect(await open(ours, request)).toEqual({ ok: true, data: { origin: request.address, person: null } })
      expect(opened.mock.calls).toEqual([
        [{ origin: request.address, person: null, signInUrl: `${request.address}/?token=team-window-secret-0123` }],
      ])
    } finally {
      await host.close()
    }
  })

  it('allows the folder the user picked in the dialog, and shows no dialog to another frame', async () => {
    registered.clear()
    const lib = testLibrary(tempDir(), { allowedPaths: [] })
    const picked = tempDir()
    const dialog = vi.fn(async () => picked as string | null)
    registerIpc(lib, trusted, dialog, noTeamWindow)
    const choose = (url: string | null) => registered.get(CHOOSE_FOLDER_CHANNEL)!(from(url), undefined)
    expect(await choose('https://evil.example/')).toBeNull()
    expect(dialog).not.toHaveBeenCalled()
    expect(lib.pathGate.permits(picked)).toBe(false)

    expect(await choose(ours)).toBe(picked)
    expect(lib.pathGate.permits(path.join(picked, 'restored'))).toBe(true)
    dialog.mockResolvedValueOnce(null)
    expect(await choose(ours)).toBeNull()
  })

  it('forwards library events to a window until it is destroyed', () => {
    const lib = testLibrary()
    const contents = Object.assign(new EventEmitter(), { send: vi.fn() })
    forwardEvents(lib, contents as never)
    lib.events.emit('library:changed', { tables: ['library_meta'], topics: ['library'], seq: 1 })
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      name: 'library:changed',
      payload: { tables: ['library_meta'], topics: ['library'], seq: 1 },
    })
    contents.emit('destroyed')
    lib.events.emit('library:changed', { tables: ['videos'], topics: ['assets'], seq: 2 })
    expect(contents.send).toHaveBeenCalledTimes(1)
  })
})
