import type { BridgeApi } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/library/library'
import { createClient } from '../../renderer/src/api/client'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import { followBackend } from '../../renderer/src/app/follow-backend'
import { createAppStore } from '../../renderer/src/app/store'
import { routeFromHash } from '../../renderer/src/app/navigation-slice'

/** The preload's API calling the real dispatcher in-process, as the Electron host does over IPC. */
export function inProcessBridge(lib: Library): BridgeApi {
  const calls = Object.fromEntries(
    channels.map((channel) => [channel, (input: unknown) => dispatch(lib, channel, input)]),
  )
  const bridge: Pick<BridgeApi, 'onEvent' | 'pathForFile'> = {
    onEvent: (listener) => lib.events.subscribe(listener),
    pathForFile: () => '',
  }
  return { ...calls, ...bridge } as BridgeApi
}

/** The app's store over a real library, opened at `hash` and following its events; `stop` unsubscribes. */
export function storeOver(lib: Library, hash = '#/library') {
  const client = createClient(electronTransport(inProcessBridge(lib)))
  const store = createAppStore(client, routeFromHash(hash)!)
  return { client, store, stop: followBackend(client, store) }
}
