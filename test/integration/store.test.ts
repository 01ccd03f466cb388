import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it, vi } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import type { LocalLibrary } from '../../main/services/library-context'
import { createClient } from '../../renderer/src/api/client'
import { libraryInfoQuery, settleRename } from '../../renderer/src/api/library-info'
import { writeThrough } from '../../renderer/src/api/writes'
import { attempt } from '../../renderer/src/ui/attempt'
import { createQueryCache } from '../../renderer/src/api/query-cache'
import { followQueries } from '../../renderer/src/api/query-events'
import { thumbnailVersion } from '../../renderer/src/api/thumbnail-versions'
import { electronTransport } from '../../renderer/src/api/electron-transport'
import type { Transport } from '../../renderer/src/api/transport'
import { createAppStore } from '../../renderer/src/app/store'
import { routeFromHash } from '../../renderer/src/app/navigation-slice'
import { revealPendingAnchor } from '../../renderer/src/features/browse/media-request'
import type { ImportEntry } from '../../renderer/src/features/import/import-entries'
import { loadImportItems, recentImportsQuery } from '../../renderer/src/features/import/import-jobs'
import { libraryFactsQuery } from '../../renderer/src/features/settings/library-facts'
import type { MediaAsset } from '../../shared/contract'
import { inProcessBridge, libraryOnScreen, onScreen, storeOver } from '../helpers/app-store'
import { call } from '../helpers/browse'
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

/** A window over `lib` opened at `hash`, following its events as the shell does (dropped files known by their paths). */
function setup(lib = testLibrary(), hash = '#/settings') {
  return { lib, ...storeOver(lib, hash, (file) => diskPaths.get(file) ?? '') }
}

/** A window over `lib` that does not follow its events: only the calls' own answers change what it shows. */
function deaf(lib = testLibrary(), hash = '#/settings') {
  const client = createClient(electronTransport(inProcessBridge(lib, (file) => diskPaths.get(file) ?? '')))
  const cache = createQueryCache()
  return { lib, client, cache, store: createAppStore(client, cache, routeFromHash(hash)!) }
}

/** Waits until the library is idle, then until the store has caught up with the last events. */
async function settle(lib: LocalLibrary, check: () => void): Promise<void> {
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
    const write = writeThrough(client, cache)
    const rename = (name: string) => attempt(async () => settleRename(await write('library:rename', { name }), cache))
    expect(await rename('Festival cuts')).toBeUndefined()
    // The name's new version too: the form's next rename is made from it.
    expect(info.current().data).toMatchObject({ name: 'Festival cuts', nameVersion: 1 })
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
    const cache = createQueryCache()
    const store = createAppStore(client, cache, routeFromHash('#/library')!)
    const info = onScreen(cache, libraryInfoQuery(client))
    await vi.waitFor(() => expect(info.current()).toMatchObject({ status: 'error', error: { code: 'unreachable' } }))
    info.stop()
    await store.getState().importFiles([new File(['x'], 'x.mp4')])
    expect(store.getState()).toMatchObject({ importError: { code: 'unreachable' }, sendingFiles: 0 })
    expect(cache.getQueryData(recentImportsQuery(client).queryKey)).toBeUndefined()
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
    const { lib, store, stop, ...app } = setup(undefined, '#/library')
    const screen = libraryOnScreen({ store, ...app })
    await vi.waitFor(() => expect(screen.listStatus()).toBe('success'))
    await store.getState().importFiles([fileOnDisk(fixtures.mp4), fileOnDisk(fixtures.webm)])
    await settle(lib, () => {
      const [entry] = screen.imports()
      expect(entry?.job).toMatchObject({ state: 'done', counts: { imported: 2, duplicate: 0, failed: 0 } })
      expect(entry?.progress).toMatchObject({ filesDone: 2, filesTotal: 2, current: null })
      expect(entry?.items.map((item) => [item.name, item.outcome])).toEqual([
        ['clip.mp4', 'imported'],
        ['clip.webm', 'imported'],
      ])
      expect(screen.names().sort()).toEqual(['clip.mp4', 'clip.webm'])
      const ids = screen.media().map((asset) => asset.id)
      expect(ids.map((id) => thumbnailVersion(app.cache, id))).toEqual([1, 1])
    })
    // The grid's list item, named as a card names its codec; how it is stored is the detail's.
    const webm = screen.media().find((asset) => asset.name === 'clip.webm')!
    expect(webm).toMatchObject({ resolution: '320x240', codec: 'vp9', codecName: 'VP9' })
    expect(await call<MediaAsset>(lib, 'media:get', { id: webm.id })).toMatchObject({ storage: 'copy' })
    screen.stop()
    stop()
  })

  it('refetches the library facts after an import only while the settings page is shown', async () => {
    const { lib, client, store, cache } = deaf()
    const infoCalls = vi.spyOn(client, 'library:info')
    store.getState().navigate('library')
    const unfollow = followQueries(client, cache)
    const screen = libraryOnScreen({ client, store, cache })
    // The frame's name is on screen on every page.
    const frame = onScreen(cache, libraryInfoQuery(client))
    await vi.waitFor(() => expect(frame.current().status).toBe('success'))
    await store.getState().importFiles([fileOnDisk(fixtures.jpg)])
    await settle(lib, () => expect(screen.media()).toHaveLength(1))
    await new Promise((resolve) => setTimeout(resolve, 400)) // past the burst window of query-events.ts
    expect(infoCalls).toHaveBeenCalledTimes(1)

    const page = onScreen(cache, libraryFactsQuery(client))
    expect(infoCalls).toHaveBeenCalledTimes(2) // opening the page fetches fresh facts
    await store.getState().importFiles([fileOnDisk(fixtures.png)])
    await settle(lib, () => expect(infoCalls).toHaveBeenCalledTimes(3))
    await vi.waitFor(() => expect(page.current().data?.tables).toContainEqual({ name: 'videos', rows: 2 }))
    page.stop()
    frame.stop()
    screen.stop()
    unfollow()
  })

  it('links files in place when link mode is on', async () => {
    const { lib, store, stop, ...app } = setup()
    const screen = libraryOnScreen({ store, ...app })
    expect(store.getState().canLink).toBe(true)
    store.getState().setLinkMode(true)
    await store.getState().importFiles([fileOnDisk(fixtures.mov)])
    await settle(lib, () => {
      expect(screen.imports()[0]?.job).toMatchObject({ state: 'done', link: true })
      expect(screen.media()).toMatchObject([{ name: 'clip.mov' }])
    })
    expect(await call<MediaAsset>(lib, 'media:get', { id: screen.media()[0]!.id })).toMatchObject({
      storage: 'link',
      originalPath: fixtures.mov,
    })
    screen.stop()
    stop()
  })

  it('lists duplicates and failures, and a new window loads them back', async () => {
    const { lib, store, stop, ...app } = setup()
    const screen = libraryOnScreen({ store, ...app })
    await store.getState().importFiles([fileOnDisk(fixtures.mp4)])
    await lib.importer.idle()
    await store.getState().importFiles([fileOnDisk(fixtures.duplicate), fileOnDisk(fixtures.textAsMp4)])
    const expected = [
      { name: 'clip-copy.mp4', outcome: 'duplicate', asset: { name: 'clip.mp4' }, reason: null },
      { name: 'notes.mp4', outcome: 'failed', asset: null, reason: expect.stringContaining('Invalid data') },
    ]
    await settle(lib, () => {
      expect(screen.imports().map((entry) => entry.job.counts)).toEqual([
        { imported: 0, duplicate: 1, failed: 1 },
        { imported: 1, duplicate: 0, failed: 0 },
      ])
      expect(screen.imports()[0]?.items).toMatchObject(expected)
    })
    screen.stop()
    stop()

    const reopened = deaf(lib)
    const entries = await reopened.cache.fetchQuery(recentImportsQuery(reopened.client))
    expect(entries.map((entry) => entry.job.id)).toEqual(screen.imports().map((entry) => entry.job.id))
    expect(entries[0]?.items).toMatchObject(expected)
    // The failed file's page, asked for by outcome, comes on its own.
    await loadImportItems(reopened.client, reopened.cache, entries[0]!.job.id, 'failed')
    const [latest] = reopened.cache.getQueryData<typeof entries>(recentImportsQuery(reopened.client).queryKey)!
    expect(latest?.pages.failed).toBeNull()
  })

  it('cancels a queued import', async () => {
    const { lib, client, cache, store } = deaf()
    await Promise.all([
      store.getState().importFiles([fileOnDisk(fixtures.longClip)]),
      store.getState().importFiles([fileOnDisk(fixtures.mkv)]),
    ])
    const jobs = () => (cache.getQueryData<ImportEntry[]>(recentImportsQuery(client).queryKey) ?? []).map((e) => e.job)
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
    const { client, cache, store } = deaf()
    await store.getState().importFiles([new File(['not on disk'], 'pasted.mp4')])
    expect(store.getState().importError).toEqual({ code: 'validation', message: 'These items have no file on disk.' })
    expect(cache.getQueryData(recentImportsQuery(client).queryKey)).toBeUndefined()
  })
})

describe('browse slice over the real backend', () => {
  /** A window over a library holding clip.mp4, image.png and image.jpg, with its first page and counts on screen. */
  async function browsing() {
    const { lib, ...app } = deaf(undefined, '#/library')
    await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.jpg])
    const screen = libraryOnScreen(app)
    await vi.waitFor(() => expect([screen.listStatus(), screen.facets()?.total]).toEqual(['success', 3]))
    return { lib, ...app, screen }
  }

  it('drops a late answer for an older query, so the list and the counts show the newest filter', async () => {
    const { client, store, screen } = await browsing()
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
    await vi.waitFor(() => expect(screen.facets()?.total).toBe(2))
    await vi.waitFor(() => expect(screen.names().sort()).toEqual(['image.jpg', 'image.png']))
    for (const release of held) release()
    // The cache awaits the same answers and was first in line: once these settle, it has handled them.
    await Promise.allSettled(spies.map((spy) => spy.mock.results[0]?.value))
    expect(screen.facets()?.total).toBe(2)
    expect(screen.names().sort()).toEqual(['image.jpg', 'image.png'])
    screen.stop()
  })

  it('keeps the selection across a re-sort and extends a range in the new order', async () => {
    const { store, screen } = await browsing()
    const id = (name: string) => screen.media().find((asset) => asset.name === name)!.id
    const [mp4, png, jpg] = [id('clip.mp4'), id('image.png'), id('image.jpg')]
    store.getState().selectAsset(mp4, 'only')
    store.getState().selectAsset(png, 'toggle')
    store.getState().setBrowse({ sort: { by: 'name', dir: 'asc' } })
    await vi.waitFor(() => expect(screen.names()).toEqual(['clip.mp4', 'image.jpg', 'image.png']))
    expect(store.getState().selection).toEqual([mp4, png])
    // The anchor is the last asset picked alone or toggled: image.png; a range to clip.mp4 spans all three by name.
    store.getState().selectAsset(mp4, 'range')
    expect(store.getState().selection).toEqual([mp4, jpg, png])
    expect(store.getState()).toMatchObject({ focus: mp4, browse: { anchor: png } })
    screen.stop()
  })

  it('tags and rates the selection in bulk', async () => {
    const { store, screen } = await browsing()
    const [first, , third] = screen.media().map((asset) => asset.id)
    store.getState().selectAsset(first!, 'only')
    store.getState().selectAsset(third!, 'toggle')
    expect(await store.getState().tagSelection(['keeper'])).toBeUndefined()
    expect(await store.getState().rateSelection(4)).toBeUndefined()
    store.getState().setBrowse({ filter: { tags: ['keeper'], minRating: 4 } })
    await vi.waitFor(() => expect(screen.facets()?.total).toBe(2))
    await vi.waitFor(() =>
      expect(screen.media().map((asset) => [asset.id, asset.rating])).toEqual([
        [first, 4],
        [third, 4],
      ]),
    )
    store.getState().clearSelection()
    expect(await store.getState().rateSelection(1)).toBeUndefined() // nothing selected: nothing sent
    screen.stop()
  })
})

/** Assets as plain rows, imported a second apart (row0 first): real imports of hundreds would take minutes. */
function insertRows(lib: LocalLibrary, count: number, from = 0): void {
  const insert = lib.sqlite.db.prepare('INSERT INTO videos (id, name, file_path, imported_at) VALUES (?, ?, ?, ?)')
  lib.sqlite.db.transaction(() => {
    for (let n = from; n < from + count; n++) {
      insert.run(`row${n}`, `row ${n}.mp4`, `/x/${n}.mp4`, new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString())
    }
  })()
}

/** A window over a library of `count` plain rows, its first page on screen. */
async function rowsOnScreen(count: number, hash = '#/library') {
  const { lib, ...app } = deaf(undefined, hash)
  insertRows(lib, count)
  const screen = libraryOnScreen(app)
  await vi.waitFor(() => expect(screen.listStatus()).toBe('success'))
  return { lib, ...app, screen }
}

describe('browse slice paging', () => {
  it('a reload of the top keeps the pages scrolled to and does not hold up the next page', async () => {
    const { lib, client, cache, screen } = await rowsOnScreen(450)
    await screen.loadMore()
    expect(screen.media()).toHaveLength(400)

    let release!: () => void
    const original = client['media:list']
    const held = vi.spyOn(client, 'media:list').mockImplementationOnce(async (input) => {
      await new Promise<void>((resolve) => (release = resolve))
      return original(input)
    })
    const reload = cache.invalidateQueries({ queryKey: ['media:list'] }) // as after a library:changed event
    await screen.loadMore()
    expect(screen.media()).toHaveLength(450)
    expect(screen.nextCursor()).toBeNull()

    insertRows(lib, 1, 1000)
    release()
    await reload
    expect(held).toHaveBeenCalledTimes(2)
    const ids = screen.media().map((asset) => asset.id)
    expect(ids).toHaveLength(451)
    expect(ids[0]).toBe('row1000')
    expect(ids.at(-1)).toBe('row0')
    screen.stop()
  })
})

describe('browse slice appending', () => {
  it('a page never adds an asset the list already holds, from its first page or from an appended one', async () => {
    const { client, screen } = await rowsOnScreen(450)
    await screen.loadMore()
    const loaded = screen.media()
    // As when a refresh moved assets past the cursor: the next page repeats one of each earlier page.
    const original = client['media:list']
    vi.spyOn(client, 'media:list').mockImplementationOnce(async (input) => {
      const page = await original(input)
      return { ...page, items: [loaded[5], loaded[250], ...page.items] }
    })
    await screen.loadMore()
    const ids = screen.media().map((asset) => asset.id)
    expect(ids).toHaveLength(450)
    expect(new Set(ids).size).toBe(450)
    expect(ids.slice(0, 400)).toEqual(loaded.map((asset) => asset.id))
    screen.stop()
  })
})

describe('browse slice anchor', () => {
  it('a reload reads on until the anchor of its URL is loaded, so the grid can scroll back to it', async () => {
    const { client, cache, store, screen } = await rowsOnScreen(450, '#/library?anchor=row10')
    await revealPendingAnchor(client, cache, store)
    // Newest first: row10 is the 440th asset, in the third page.
    expect(screen.media()).toHaveLength(450)
    expect(store.getState().focus).toBe('row10')
    // Only the first list reads on: a later one does not.
    store.getState().setBrowse({ sort: { by: 'name', dir: 'asc' } })
    await vi.waitFor(() => expect(screen.media()).toHaveLength(200))
    await revealPendingAnchor(client, cache, store)
    expect(screen.media()).toHaveLength(200)
    screen.stop()
  })
})
