import { QueryObserver, type QueryClient, type QueryObserverOptions } from '@tanstack/react-query'
import type { BridgeApi } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import type { AppError } from '../../shared/errors'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'
import { createClient, type Client } from '../../renderer/src/api/client'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import { followJobs } from '../../renderer/src/api/job-tracker'
import { followThumbnails, loadMoreMedia, mediaListQuery } from '../../renderer/src/api/media-lists'
import { backendQuery, createQueryCache } from '../../renderer/src/api/query-cache'
import { followQueries } from '../../renderer/src/api/query-events'
import { createAppStore, type AppStore } from '../../renderer/src/app/store'
import { routeFromHash } from '../../renderer/src/app/navigation-slice'
import { facetsRequest, mediaRequest } from '../../renderer/src/features/browse/media-request'
import { followImports, recentImportsQuery } from '../../renderer/src/features/import/import-jobs'
import { collectionsList, trashList } from '../../renderer/src/features/organise/organise-data'

/** The preload's API calling the real dispatcher in-process, as the Electron host does over IPC. */
export function inProcessBridge(lib: Library, pathForFile: (file: File) => string = () => ''): BridgeApi {
  const calls = Object.fromEntries(
    channels.map((channel) => [channel, (input: unknown) => dispatch(lib, channel, input)]),
  )
  const bridge: Pick<BridgeApi, 'onEvent' | 'pathForFile'> = {
    onEvent: (listener) => lib.events.subscribe(listener),
    pathForFile,
  }
  return { ...calls, ...bridge } as BridgeApi
}

/** The app's store and query cache over a real library, opened at `hash` and following its events as the shell does; `stop` unsubscribes. */
export function storeOver(lib: Library, hash = '#/library', pathForFile?: (file: File) => string) {
  const client = createClient(electronTransport(inProcessBridge(lib, pathForFile)))
  const cache = createQueryCache()
  const store = createAppStore(client, cache, routeFromHash(hash)!)
  const unfollow = [
    followQueries(client, cache),
    followJobs(client, cache),
    followImports(client, cache),
    followThumbnails(client, cache),
  ]
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

/**
 * The library view's data as its components hold it: the list and the counts of the store's browse view (following
 * the view as it changes), the collections, the trash (telling the undo bar what it holds, as the bar does) and the
 * recent imports. `stop` takes them all off screen.
 */
export function libraryOnScreen({ client, store, cache }: { client: Client; store: AppStore; cache: QueryClient }) {
  const request = () => mediaRequest(store.getState().browse)
  const facetsOf = () => {
    const { input, options } = facetsRequest(store.getState().browse)
    return backendQuery(client, 'media:facets', input, options)
  }
  const list = onScreen(cache, mediaListQuery(client, request()))
  const facets = onScreen(cache, facetsOf())
  const collections = onScreen(
    cache,
    backendQuery(client, 'collections:list', collectionsList.input, collectionsList.options),
  )
  const trash = onScreen(cache, backendQuery(client, 'trash:list', trashList.input, trashList.options))
  const imports = onScreen(cache, recentImportsQuery(client))
  const followView = store.subscribe(() => {
    list.observer.setOptions(mediaListQuery(client, request()))
    facets.observer.setOptions(facetsOf())
  })
  const followTrash = trash.observer.subscribe(({ data, dataUpdatedAt }) => {
    if (data)
      store.getState().trashRead(
        data.batches.map((batch) => batch.id),
        dataUpdatedAt,
      )
  })
  return {
    media: () => list.current().data?.items ?? [],
    names: () => (list.current().data?.items ?? []).map((asset) => asset.name),
    nextCursor: () => list.current().data?.nextCursor ?? null,
    listStatus: () => list.current().status,
    facets: () => facets.current().data,
    collections: () => collections.current().data?.collections,
    trash: () => trash.current().data,
    imports: () => imports.current().data ?? [],
    loadMore: () => loadMoreMedia(client, cache, request()),
    stop: () => {
      followView()
      followTrash()
      for (const query of [list, facets, collections, trash, imports]) query.stop()
    },
  }
}
