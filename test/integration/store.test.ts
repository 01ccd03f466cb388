import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import type { BridgeApi } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { migrations } from '../../main/db/migrations/index'
import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/library/library'
import { createClient } from '../../renderer/src/api/client'
import { libraryInfoQuery, settleRename } from '../../renderer/src/api/library-info'
import { mutate } from '../../renderer/src/api/mutations'
import { createQueryCache } from '../../renderer/src/api/query-cache'
import { followQueries } from '../../renderer/src/api/query-events'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import type { Transport } from '../../renderer/src/api/transport'
import { followBackend } from '../../renderer/src/app/follow-backend'
import { createAppStore } from '../../renderer/src/app/store'
import { routeFromHash } from '../../renderer/src/app/navigation-slice'
import { libraryFactsQuery } from '../../renderer/src/features/settings/library-facts'
import { onScreen } from '../helpers/app-store'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')
// Where each File "lives on disk", as Electron's webUtils.getPathForFile would report it.
const diskPaths = new WeakMap<File, string>()

/** A File with the bytes of `file`, known to the bridge by that path. */
function fileOnDisk(file: string): File {
  const made = new File([readFileSync(file)], path.basename(file))
  diskPaths.set(made, file)
  return made
}

/** What the preload exposes, calling the real dispatcher in-process as the Electron host does over IPC. */
function inProcessBridge(lib: Library): BridgeApi {
  const calls = Object.fromEntries(
    channels.map((channel) => [channel, (input: unknown) => dispatch(lib, channel, input)]),
  )
  return {
    ...calls,
    onEvent: (listener) => lib.events.subscribe(listener),
    pathForFile: (file) => diskPaths.get(file) ?? '',
  } as BridgeApi
}

function setup(lib = testLibrary()) {
  const client = createClient(electronTransport(inProcessBridge(lib)))
  const store = createAppStore(client, routeFromHash('#/settings')!)
  return { lib, client, store, cache: createQueryCache() }
}

/** Waits until the library is idle, then until the store has caught up with the last events. */
async function settle(lib: Library, check: () => void): Promise<void> {
  await lib.importer.idle()
  await lib.importer.thumbnailsIdle()
  await vi.waitFor(check)
}

describe('renderer store over the real backend', () => {
  it('loads library info into the query cache', async () => {
    const { lib, client, cache } = setup()
    const info = onScreen(cache, libraryInfoQuery(client))
    expect(info.current().status).toBe('pending')
    await vi.waitFor(() => expect(info.current().status).toBe('success'))
    expect(info.current().data).toMatchObject({ path: lib.dir, schemaVersion: migrations.at(-1)!.version })
    info.stop()
  })

  it('renames and hands the validation error back to the form', async () => {
    const { client, cache } = setup()
    const info = onScreen(cache, libraryInfoQuery(client))
    await vi.waitFor(() => expect(info.current().data).toBeDefined())
    const rename = (name: string) => mutate(client, cache, 'library:rename', { name }, settleRename)
    expect(await rename('Festival cuts')).toBeUndefined()
    expect(info.current().data?.name).toBe('Festival cuts')
    const failure = await rename('  ')
    expect(failure).toMatchObject({ code: 'validation', message: expect.stringContaining('must not be empty') })
    expect(info.current().data?.name).toBe('Festival cuts')
    info.stop()
  })

  it('records an unreachable backend so the app can show its error screen', async () => {
    const unreachable = { ok: false, error: { code: 'unreachable', message: 'gone' } } as const
    const offline: Transport = {
      invoke: async () => unreachable,
      onEvent: () => () => {},
      importFiles: async () => unreachable,
      canLink: false,
    }
    const client = createClient(offline)
    const store = createAppStore(client, routeFromHash('#/library')!)
    const info = onScreen(createQueryCache(), libraryInfoQuery(client))
    await vi.waitFor(() => expect(info.current()).toMatchObject({ status: 'error', error: { code: 'unreachable' } }))
    info.stop()
    await store.getState().importFiles([new File(['x'], 'x.mp4')])
    expect(store.getState()).toMatchObject({ importError: { code: 'unreachable' }, sendingFiles: 0, imports: [] })
  })

  it('navigates between views', () => {
    const { store } = setup()
    store.getState().navigate('workflows')
    expect(store.getState().view).toBe('workflows')
  })

  it('fetches the facts once per opening of the settings page, not again when the page stays', async () => {
    const { client, cache } = setup()
    const infoCalls = vi.spyOn(client, 'library:info')
    const page = onScreen(cache, libraryFactsQuery(client))
    await vi.waitFor(() => expect(page.current().status).toBe('success'))
    page.observer.setOptions(libraryFactsQuery(client)) // the page drawn again
    expect(infoCalls).toHaveBeenCalledTimes(1)
    page.stop()
    const again = onScreen(cache, libraryFactsQuery(client))
    await vi.waitFor(() => expect(again.current()).toMatchObject({ isFetching: false, status: 'success' }))
    expect(infoCalls).toHaveBeenCalledTimes(2)
    again.stop()
  })
})

describe('import and media slices over the real backend', () => {
  it('follows an import through its events into the panel and the grid', async () => {
    const { lib, client, store } = setup()
    const stop = followBackend(client, store)
    await vi.waitFor(() => expect(store.getState().mediaStatus).toBe('ready'))
    await store.getState().importFiles([fileOnDisk(fixtures.mp4), fileOnDisk(fixtures.webm)])
    await settle(lib, () => {
      const [entry] = store.getState().imports
      expect(entry?.job).toMatchObject({ state: 'done', counts: { imported: 2, duplicate: 0, failed: 0 } })
      expect(entry?.progress).toMatchObject({ filesDone: 2, filesTotal: 2, current: null })
      expect(entry?.items.map((item) => [item.name, item.outcome])).toEqual([
        ['clip.mp4', 'imported'],
        ['clip.webm', 'imported'],
      ])
      expect(
        store
          .getState()
          .media.map((asset) => asset.name)
          .sort(),
      ).toEqual(['clip.mp4', 'clip.webm'])
      const ids = store.getState().media.map((asset) => asset.id)
      expect(ids.map((id) => store.getState().thumbnailVersions[id])).toEqual([1, 1])
    })
    expect(store.getState().media.find((asset) => asset.name === 'clip.webm')).toMatchObject({
      resolution: '320x240',
      codec: 'vp9',
      storage: 'copy',
    })
    stop()
  })

  it('refetches the library facts after an import only while the settings page is shown', async () => {
    const { lib, client, store, cache } = setup()
    const infoCalls = vi.spyOn(client, 'library:info')
    store.getState().navigate('library')
    const stop = followBackend(client, store)
    const unfollow = followQueries(client, cache)
    // The frame's name is on screen on every page.
    const frame = onScreen(cache, libraryInfoQuery(client))
    await vi.waitFor(() => expect(frame.current().status).toBe('success'))
    await store.getState().importFiles([fileOnDisk(fixtures.jpg)])
    await settle(lib, () => expect(store.getState().media).toHaveLength(1))
    await new Promise((resolve) => setTimeout(resolve, 400)) // past the burst window of query-events.ts
    expect(infoCalls).toHaveBeenCalledTimes(1)

    const page = onScreen(cache, libraryFactsQuery(client))
    expect(infoCalls).toHaveBeenCalledTimes(2) // opening the page fetches fresh facts
    await store.getState().importFiles([fileOnDisk(fixtures.png)])
    await settle(lib, () => expect(infoCalls).toHaveBeenCalledTimes(3))
    await vi.waitFor(() => expect(page.current().data?.tables).toContainEqual({ name: 'videos', rows: 2 }))
    page.stop()
    frame.stop()
    unfollow()
    stop()
  })

  it('links files in place when link mode is on', async () => {
    const { lib, client, store } = setup()
    const stop = followBackend(client, store)
    expect(store.getState().canLink).toBe(true)
    store.getState().setLinkMode(true)
    await store.getState().importFiles([fileOnDisk(fixtures.mov)])
    await settle(lib, () => {
      expect(store.getState().imports[0]?.job).toMatchObject({ state: 'done', link: true })
      expect(store.getState().media).toMatchObject([{ name: 'clip.mov', storage: 'link', originalPath: fixtures.mov }])
    })
    stop()
  })

  it('lists duplicates and failures, and a new window loads them back', async () => {
    const { lib, client, store } = setup()
    const stop = followBackend(client, store)
    await store.getState().importFiles([fileOnDisk(fixtures.mp4)])
    await lib.importer.idle()
    await store.getState().importFiles([fileOnDisk(fixtures.duplicate), fileOnDisk(fixtures.textAsMp4)])
    const expected = [
      { name: 'clip-copy.mp4', outcome: 'duplicate', asset: { name: 'clip.mp4' }, reason: null },
      { name: 'notes.mp4', outcome: 'failed', asset: null, reason: expect.stringContaining('Invalid data') },
    ]
    await settle(lib, () => {
      expect(store.getState().imports.map((entry) => entry.job.counts)).toEqual([
        { imported: 0, duplicate: 1, failed: 1 },
        { imported: 1, duplicate: 0, failed: 0 },
      ])
      expect(store.getState().imports[0]?.items).toMatchObject(expected)
    })
    stop()

    const reopened = setup(lib).store
    await reopened.getState().loadImports()
    expect(reopened.getState().imports.map((entry) => entry.job.id)).toEqual(
      store.getState().imports.map((entry) => entry.job.id),
    )
    expect(reopened.getState().imports[0]?.items).toMatchObject(expected)
  })

  it('cancels a queued import', async () => {
    const { lib, store } = setup()
    await Promise.all([
      store.getState().importFiles([fileOnDisk(fixtures.longClip)]),
      store.getState().importFiles([fileOnDisk(fixtures.mkv)]),
    ])
    const jobs = () => store.getState().imports.map((entry) => entry.job)
    expect(
      jobs()
        .map((job) => job.state)
        .sort(),
    ).toEqual(['queued', 'running'])
    const queued = jobs().find((job) => job.state === 'queued')!
    await store.getState().cancelImport(queued.id)
    expect(jobs().find((job) => job.id === queued.id)?.state).toBe('cancelled')
    await lib.importer.idle()
  })

  it('refuses dropped items that have no file on disk', async () => {
    const { store } = setup()
    await store.getState().importFiles([new File(['not on disk'], 'pasted.mp4')])
    expect(store.getState().importError).toEqual({ code: 'validation', message: 'These items have no file on disk.' })
    expect(store.getState().imports).toEqual([])
  })
})

describe('browse slice over the real backend', () => {
  /** A store over a library holding clip.mp4, image.png and image.jpg, with its first page loaded. */
  async function browsing() {
    const { lib, client, store } = setup()
    await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.jpg])
    await Promise.all([store.getState().loadMedia(), store.getState().loadFacets()])
    return { lib, client, store }
  }
  const names = (store: ReturnType<typeof setup>['store']) => store.getState().media.map((asset) => asset.name)

  it('drops a late answer for an older query, so the list and the counts show the newest filter', async () => {
    const { client, store } = await browsing()
    const held: Array<() => void> = []
    const hold = <K extends 'media:list' | 'media:facets'>(channel: K) => {
      const original = client[channel]
      return vi.spyOn(client, channel).mockImplementationOnce((async (input: never) => {
        await new Promise<void>((resolve) => held.push(resolve))
        return original(input)
      }) as never)
    }
    const spies = [hold('media:list'), hold('media:facets')]
    store.getState().setBrowse({ filter: { mediaType: ['video'] } })
    store.getState().setBrowse({ filter: { mediaType: ['image'] } })
    await vi.waitFor(() => expect(store.getState().facets?.total).toBe(2))
    await vi.waitFor(() => expect(names(store).sort()).toEqual(['image.jpg', 'image.png']))
    for (const release of held) release()
    // The slice awaits the same answers and was first in line: once these settle, it has handled them.
    await Promise.allSettled(spies.map((spy) => spy.mock.results[0]?.value))
    expect(store.getState().facets?.total).toBe(2)
    expect(names(store).sort()).toEqual(['image.jpg', 'image.png'])
  })

  it('keeps the selection across a re-sort and extends a range in the new order', async () => {
    const { store } = await browsing()
    const id = (name: string) => store.getState().media.find((asset) => asset.name === name)!.id
    const [mp4, png, jpg] = [id('clip.mp4'), id('image.png'), id('image.jpg')]
    store.getState().selectAsset(mp4, 'only')
    store.getState().selectAsset(png, 'toggle')
    store.getState().setBrowse({ sort: { by: 'name', dir: 'asc' } })
    await vi.waitFor(() => expect(names(store)).toEqual(['clip.mp4', 'image.jpg', 'image.png']))
    expect(store.getState().selection).toEqual([mp4, png])
    // The anchor is the last asset picked alone or toggled: image.png; a range to clip.mp4 spans all three by name.
    store.getState().selectAsset(mp4, 'range')
    expect(store.getState().selection).toEqual([mp4, jpg, png])
    expect(store.getState()).toMatchObject({ focus: mp4, browse: { anchor: png } })
  })

  it('tags and rates the selection in bulk', async () => {
    const { store } = await browsing()
    const [first, , third] = store.getState().media.map((asset) => asset.id)
    store.getState().selectAsset(first!, 'only')
    store.getState().selectAsset(third!, 'toggle')
    expect(await store.getState().tagSelection(['keeper'])).toBeUndefined()
    expect(await store.getState().rateSelection(4)).toBeUndefined()
    store.getState().setBrowse({ filter: { tags: ['keeper'], minRating: 4 } })
    await vi.waitFor(() => expect(store.getState().facets?.total).toBe(2))
    await vi.waitFor(() =>
      expect(store.getState().media.map((asset) => [asset.id, asset.rating])).toEqual([
        [first, 4],
        [third, 4],
      ]),
    )
    store.getState().clearSelection()
    expect(await store.getState().rateSelection(1)).toBeUndefined() // nothing selected: nothing sent
  })
})

/** Assets as plain rows, imported a second apart (row0 first): real imports of hundreds would take minutes. */
function insertRows(lib: Library, count: number, from = 0): void {
  const insert = lib.db.prepare('INSERT INTO videos (id, name, file_path, imported_at) VALUES (?, ?, ?, ?)')
  lib.db.transaction(() => {
    for (let n = from; n < from + count; n++) {
      insert.run(`row${n}`, `row ${n}.mp4`, `/x/${n}.mp4`, new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString())
    }
  })()
}

describe('browse slice paging', () => {
  it('a reload of the top keeps the pages scrolled to and does not hold up the next page', async () => {
    const { lib, client, store } = setup()
    insertRows(lib, 450)
    await store.getState().loadMedia()
    await store.getState().loadMoreMedia()
    expect(store.getState().media).toHaveLength(400)

    let release!: () => void
    const original = client['media:list']
    const held = vi.spyOn(client, 'media:list').mockImplementationOnce(async (input) => {
      await new Promise<void>((resolve) => (release = resolve))
      return original(input)
    })
    const reload = store.getState().loadMedia() // as after a library:changed event
    await store.getState().loadMoreMedia()
    expect(store.getState().media).toHaveLength(450)
    expect(store.getState().mediaCursor).toBeNull()

    insertRows(lib, 1, 1000)
    release()
    await reload
    expect(held).toHaveBeenCalledTimes(2)
    const ids = store.getState().media.map((asset) => asset.id)
    expect(ids).toHaveLength(451)
    expect(ids[0]).toBe('row1000')
    expect(ids.at(-1)).toBe('row0')
  })
})

describe('browse slice appending', () => {
  it('a page never adds an asset the list already holds, from its first page or from an appended one', async () => {
    const { lib, client, store } = setup()
    insertRows(lib, 450)
    await store.getState().loadMedia()
    await store.getState().loadMoreMedia()
    const loaded = store.getState().media
    // As when a refresh moved assets past the cursor: the next page repeats one of each earlier page.
    const original = client['media:list']
    vi.spyOn(client, 'media:list').mockImplementationOnce(async (input) => {
      const page = await original(input)
      return { ...page, items: [loaded[5], loaded[250], ...page.items] }
    })
    await store.getState().loadMoreMedia()
    const ids = store.getState().media.map((asset) => asset.id)
    expect(ids).toHaveLength(450)
    expect(new Set(ids).size).toBe(450)
    expect(ids.slice(0, 400)).toEqual(loaded.map((asset) => asset.id))
  })
})

describe('browse slice anchor', () => {
  it('a reload reads on until the anchor of its URL is loaded, so the grid can scroll back to it', async () => {
    const lib = testLibrary()
    insertRows(lib, 450)
    const client = createClient(electronTransport(inProcessBridge(lib)))
    const store = createAppStore(client, routeFromHash('#/library?anchor=row10')!)
    await store.getState().loadMedia()
    // Newest first: row10 is the 440th asset, in the third page.
    expect(store.getState().media).toHaveLength(450)
    expect(store.getState().focus).toBe('row10')
  })
})
