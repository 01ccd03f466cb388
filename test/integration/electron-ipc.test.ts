import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { testLibrary } from '../helpers/library'

// Electron cannot run here; its ipcMain is replaced by a recorder, everything behind it is real.
const registered = vi.hoisted(() => new Map<string, (event: unknown, input: unknown) => Promise<unknown>>())
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) =>
      registered.set(channel, handler),
  },
}))

const { forwardEvents, registerIpc } = await import('../../main/electron/ipc')
const trusted = (url: string) => url.startsWith('app://renderer/')
const from = (url: string | null) => ({ senderFrame: url === null ? null : { url } })

describe('Electron IPC wrapper', () => {
  it('registers exactly one handler per contract channel, dispatching calls from our renderer', async () => {
    registered.clear()
    const lib = testLibrary()
    registerIpc(lib, trusted)
    expect([...registered.keys()].sort()).toEqual([...channels].sort())
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
      registerIpc(lib, trusted)
      const reply = await registered.get('library:rename')!(from(url), { name: 'Hijacked' })
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      expect(lib.repos.meta.get('name')).toBe('Framevault library')
    },
  )

  it('forwards library events to a window until it is destroyed', () => {
    const lib = testLibrary()
    const contents = Object.assign(new EventEmitter(), { send: vi.fn() })
    forwardEvents(lib, contents as never)
    lib.events.emit('library:changed', { tables: ['library_meta'] })
    expect(contents.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      name: 'library:changed',
      payload: { tables: ['library_meta'] },
    })
    contents.emit('destroyed')
    lib.events.emit('library:changed', { tables: ['x'] })
    expect(contents.send).toHaveBeenCalledTimes(1)
  })
})
