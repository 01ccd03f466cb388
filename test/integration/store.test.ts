import { describe, expect, it } from 'vitest'
import type { EventMessage } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/library/library'
import { createClient } from '../../renderer/src/api/client'
import type { Transport } from '../../renderer/src/api/transport'
import { createAppStore } from '../../renderer/src/store/index'
import { testLibrary } from '../helpers/library'

/** A transport that calls the real dispatcher in-process, as the hosts do over IPC or HTTP. */
function inProcessTransport(lib: Library): Transport {
  return {
    invoke: (channel, input) => dispatch(lib, channel, input),
    onEvent: (listener: (event: EventMessage) => void) => lib.events.subscribe(listener),
  }
}

function setup() {
  const lib = testLibrary()
  return { lib, store: createAppStore(createClient(inProcessTransport(lib)), 'info') }
}

describe('renderer store over the real backend', () => {
  it('loads library info into the store', async () => {
    const { lib, store } = setup()
    expect(store.getState().infoStatus).toBe('idle')
    await store.getState().loadInfo()
    expect(store.getState()).toMatchObject({ infoStatus: 'ready', info: { path: lib.dir, schemaVersion: 20 } })
  })

  it('renames and hands the validation error back to the form', async () => {
    const { store } = setup()
    await store.getState().loadInfo()
    expect(await store.getState().renameLibrary('Festival cuts')).toBeUndefined()
    expect(store.getState().info?.name).toBe('Festival cuts')
    const failure = await store.getState().renameLibrary('  ')
    expect(failure).toMatchObject({ code: 'validation', message: expect.stringContaining('must not be empty') })
    expect(store.getState().info?.name).toBe('Festival cuts')
  })

  it('records an unreachable backend so the app can show its error screen', async () => {
    const offline: Transport = {
      invoke: async () => ({ ok: false, error: { code: 'unreachable', message: 'gone' } }),
      onEvent: () => () => {},
    }
    const store = createAppStore(createClient(offline), 'library')
    await store.getState().loadInfo()
    expect(store.getState()).toMatchObject({ infoStatus: 'failed', infoError: { code: 'unreachable' } })
  })

  it('navigates between views', () => {
    const { store } = setup()
    store.getState().navigate('workflows')
    expect(store.getState().view).toBe('workflows')
  })
})
