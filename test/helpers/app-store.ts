import { QueryObserver, type QueryClient, type QueryObserverOptions } from '@tanstack/react-query'
import type { BridgeApi } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import type { AppError } from '../../shared/errors'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/library/library'
import { createClient } from '../../renderer/src/api/client'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import { followJobs } from '../../renderer/src/api/job-tracker'
import { createQueryCache } from '../../renderer/src/api/query-cache'
import { followQueries } from '../../renderer/src/api/query-events'
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

/** The app's store and query cache over a real library, opened at `hash` and following its events; `stop` unsubscribes. */
export function storeOver(lib: Library, hash = '#/library') {
  const client = createClient(electronTransport(inProcessBridge(lib)))
  const store = createAppStore(client, routeFromHash(hash)!)
  const cache = createQueryCache()
  const unfollow = [followBackend(client, store), followQueries(client, cache), followJobs(client, cache)]
  return { client, store, cache, stop: () => unfollow.forEach((stop) => stop()) }
}

/**
 * A query as a component on screen holds it (so events read it again); `current()` is its latest
 * result, `stop` takes it off screen.
 */
export function onScreen<T>(cache: QueryClient, options: QueryObserverOptions<T, AppError>) {
  const observer = new QueryObserver<T, AppError>(cache, options)
  const stop = observer.subscribe(() => {})
  return { current: () => observer.getCurrentResult(), observer, stop }
}
