import { describe, expect, it } from 'vitest'
import type { ChannelOutput, MediaFilter, MediaSort } from '../../../shared/contract'
import { dispatch } from '../../../main/dispatch'
import { shareCollection } from '../../../main/services/collections/shares'
import { removeFromCollection } from '../../../main/services/collections/collections'
import { renameAsset } from '../../../main/services/assets/tags'
import { HASH_CONFIG_HASH } from '../../../main/services/similar/hash-config'
import { framesToBlob } from '../../../main/similar/frame-blob'
import { sharedLibrary } from '../../helpers/shared-library'
import { randomClip, randomSequence, variantOf } from '../../helpers/synthetic-frames'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

describe.each(Object.entries(libraries))('what a person limited to shared collections sees, on %s', (_name, open) => {
  it('pages, searches and filters hold the shared collections’ assets alone', async () => {
    const { ids, internal, listed } = await sharedLibrary(open)
    expect(await listed('client')).toEqual(ids.slice(0, 5))
    expect(await listed('vera')).toEqual([...ids].sort())
    // A word every asset's name holds, and one only hidden assets' names hold.
    expect(await listed('client', 'shot')).toEqual(ids.slice(0, 5))
    expect(await listed('vera', 'shot-12')).toEqual([ids[12]])
    expect(await listed('client', 'shot-12')).toEqual([])
    // A collection guessed by id gives what of it is shared, no more.
    expect(await listed('client', undefined, { collection: internal.id })).toEqual([ids[3]])
    expect(await listed('client', undefined, { mediaType: ['video', 'image'] })).toEqual(ids.slice(0, 5))
  })

  it('counts facets over the shared assets and names no other collection', async () => {
    const { picks, data } = await sharedLibrary(open)
    const facets = await data<ChannelOutput<'media:facets'>>('client', 'media:facets', {})
    expect(facets.total).toBe(5)
    expect(facets.collections).toEqual([{ value: picks.id, count: 5 }])
    const byType = facets.mediaType.reduce((sum, { count }) => sum + count, 0)
    expect(byType).toBe(5)
    const searched = await data<ChannelOutput<'media:facets'>>('client', 'media:facets', { query: 'shot-12' })
    expect(searched.total).toBe(0)
    expect((await data<ChannelOutput<'media:facets'>>('vera', 'media:facets', {})).total).toBe(30)
  })

  it('answers an id outside the share as one that does not exist, on every channel that takes one', async () => {
    const { ids, picks, ask, data } = await sharedLibrary(open)
    const missing = await ask('client', 'media:get', { id: 'no-such-asset' })
    const hidden = await ask('client', 'media:get', { id: ids[12] })
    expect(hidden).toEqual({ error: { code: 'not_found', message: `No asset with id ${ids[12]}.` } })
    expect(missing).toEqual({ error: { code: 'not_found', message: 'No asset with id no-such-asset.' } })
    for (const [channel, input] of [
      ['similar:of', { id: ids[12] }],
      ['stacks:of', { id: ids[12] }],
      ['media:provenance', { id: ids[12] }],
      ['analysis:list', { assetId: ids[12] }],
      ['processing:list', { assetId: ids[12] }],
      ['subtitles:list', { assetId: ids[12] }],
      ['pipelines:of-asset', { assetId: ids[12] }],
    ] as const) {
      expect({ channel, ...(await ask('client', channel, input)) }).toEqual({
        channel,
        error: { code: 'not_found', message: `No asset with id ${ids[12]}.` },
      })
    }
    // A shared asset in a collection that is not shared: that collection is not named.
    const shown = await data<ChannelOutput<'media:get'>>('client', 'media:get', { id: ids[3] })
    expect(shown.collections).toEqual([{ id: picks.id, name: 'Client picks' }])
    expect((await data<ChannelOutput<'media:get'>>('vera', 'media:get', { id: ids[3] })).collections).toHaveLength(2)
  })

  it('lists the shared collections alone, and follows a share with the role at once', async () => {
    const { lib, ids, internal, data, listed } = await sharedLibrary(open)
    const names = async () =>
      (await data<ChannelOutput<'collections:list'>>('client', 'collections:list', {})).collections.map((c) => c.name)
    expect(await names()).toEqual(['Client picks'])
    await shareCollection({ ...lib, actor: 'Ada' }, internal.id, { role: 'viewer' })
    expect(await names()).toEqual(['Client picks', 'Internal'])
    expect(await listed('client')).toEqual([...ids.slice(0, 5), ...ids.slice(10, 15)])
  })

  it('finds near-duplicates among the shared assets alone', async () => {
    const { lib, ids, data } = await sharedLibrary(open)
    // A clip and two copies of it: a shared one (A00001) and a hidden one (A00012).
    const random = randomSequence(3)
    const clip = randomClip(40, random)
    for (const [index, frames] of [
      [0, clip],
      [1, variantOf(clip, { minFlips: 4, maxFlips: 12 }, random)],
      [12, variantOf(clip, { minFlips: 4, maxFlips: 12 }, random)],
    ] as const) {
      const stored = { frameCount: frames.length, frames: framesToBlob(frames), error: null, picture: null }
      await lib.catalog.repos.similar.put(`sha256:${index}`, HASH_CONFIG_HASH, stored, '2026-11-25T10:00:00.000Z')
    }
    const near = async (who: 'client' | 'vera') =>
      (await data<ChannelOutput<'similar:of'>>(who, 'similar:of', { id: ids[0] })).matches.map((m) => m.asset.id).sort()
    expect(await near('vera')).toEqual([ids[1], ids[12]])
    expect(await near('client')).toEqual([ids[1]])
    const grouped = async (who: 'client' | 'vera') =>
      (await data<ChannelOutput<'similar:groups'>>(who, 'similar:groups', { limit: 10 })).groups.map((group) =>
        group.members.map((member) => member.asset.id).sort(),
      )
    expect(await grouped('vera')).toEqual([[ids[0], ids[1], ids[12]]])
    expect(await grouped('client')).toEqual([[ids[0], ids[1]]])
  })

  it('lists and opens the workflows of the shared assets alone', async () => {
    const { lib, ids, ask, data } = await sharedLibrary(open)
    const made = async (id: string, output: string) => {
      const definition = JSON.stringify({ '1': { class_type: 'SaveImage', inputs: {} } })
      expect(await dispatch(lib, 'workflows:create', { id, definition, format: 'comfyui-api' })).toMatchObject({
        ok: true,
      })
      const linked = await dispatch(lib, 'workflows:associate', { workflowId: id, videoId: output, nodeId: '1' })
      expect(linked).toMatchObject({ ok: true })
    }
    await made('wf-shared', ids[2]!)
    await made('wf-hidden', ids[12]!)
    const listed = async (who: 'client' | 'vera') =>
      (await data<ChannelOutput<'workflows:list'>>(who, 'workflows:list', { limit: 10, offset: 0 })).items
        .map((item) => item.id)
        .sort()
    expect(await listed('vera')).toEqual(['wf-hidden', 'wf-shared'])
    expect(await listed('client')).toEqual(['wf-shared'])
    expect(await ask('client', 'workflows:get', { id: 'wf-hidden' })).toEqual({
      error: { code: 'not_found', message: 'No workflow with id wf-hidden.' },
    })
    expect(await ask('client', 'workflows:get', { id: 'wf-shared' })).toMatchObject({
      data: { workflow: { id: 'wf-shared' } },
    })
  })

  // A hub walks each shared collection's members in the order asked for (collection_order, kept by triggers).
  it('pages the shared assets in every order as whoever sees all pages them, as names and members change', async () => {
    const { lib, ids, internal, data } = await sharedLibrary(open)
    await shareCollection({ ...lib, actor: 'Ada' }, internal.id, { role: 'viewer' })
    // "Client picks" and "Internal", which share ids[3].
    const shown = new Set([...ids.slice(0, 5), ...ids.slice(10, 15)])
    const ordered = async (who: 'client' | 'vera', sort: MediaSort, query?: string, filter: MediaFilter = {}) => {
      const listedIds: string[] = []
      let cursor: string | null = null
      do {
        const page: ChannelOutput<'media:list'> = await data(who, 'media:list', {
          query,
          filter,
          sort,
          cursor,
          limit: 3,
        })
        listedIds.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor
      } while (cursor !== null)
      return listedIds
    }
    const sameAsVera = async (sort: MediaSort, query?: string, filter?: MediaFilter) => {
      const all = await ordered('vera', sort, query, filter)
      expect(await ordered('client', sort, query, filter)).toEqual(all.filter((id) => shown.has(id)))
    }
    for (const by of ['imported', 'name', 'duration', 'size', 'resolution'] as const)
      for (const dir of ['asc', 'desc'] as const) await sameAsVera({ by, dir })
    await sameAsVera({ by: 'duration', dir: 'desc' }, undefined, { mediaType: ['video'] })
    await sameAsVera({ by: 'name', dir: 'asc' }, 'shot')
    expect(await ordered('client', { by: 'imported', dir: 'desc' })).toHaveLength(10)

    await renameAsset(lib, ids[12]!, '000 first of all')
    expect((await ordered('client', { by: 'name', dir: 'asc' }))[0]).toBe(ids[12])
    expect(await ordered('client', { by: 'imported', dir: 'desc' }, 'first of')).toEqual([ids[12]])
    await removeFromCollection(lib, internal.id, [ids[12]!, ids[3]!])
    shown.delete(ids[12]!)
    await sameAsVera({ by: 'name', dir: 'asc' })
    expect(await ordered('client', { by: 'name', dir: 'asc' })).toContain(ids[3])
  })
})
