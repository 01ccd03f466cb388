import { describe, expect, it } from 'vitest'
import type { ChannelOutput, MediaFacets } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { seededLibrary } from '../helpers/assets'
import { call, listAll } from '../helpers/browse'

const facetTotal = async (lib: LocalLibrary, query: string) =>
  (await call<MediaFacets>(lib, 'media:facets', { query })).total

const prompt = (lib: LocalLibrary, id: string, text: string | null, negativePrompt?: string) =>
  call(lib, 'generation:set', { id, prompt: text, negativePrompt })

describe('the generation prompt in the full-text index', () => {
  it('finds an asset by a word of its prompt through media:list and the facet counts, and follows edits', async () => {
    const { lib, ids } = await seededLibrary(30)
    // The facet index is read before the prompts are written: it must see them without reading again.
    expect(await facetTotal(lib, 'lighthouse')).toBe(0)
    await prompt(lib, ids[3]!, 'A lighthouse on a cliff, golden hour', 'blurry, watermark')
    await prompt(lib, ids[7]!, 'lighthouse keeper portrait')
    expect(new Set(await listAll(lib, { query: 'lighthouse' }))).toEqual(new Set([ids[3], ids[7]]))
    expect(await listAll(lib, { query: 'golden light' })).toEqual([ids[3]])
    expect(await facetTotal(lib, 'lighthouse')).toBe(2)
    expect(await facetTotal(lib, 'cliff')).toBe(1)
    // The negative prompt is not searched: what a generator was told to avoid does not describe the asset.
    expect(await listAll(lib, { query: 'watermark' })).toEqual([])

    await prompt(lib, ids[3]!, 'a windmill in fog')
    expect(await listAll(lib, { query: 'lighthouse' })).toEqual([ids[7]])
    expect(await listAll(lib, { query: 'windmill' })).toEqual([ids[3]])
    expect(await facetTotal(lib, 'lighthouse')).toBe(1)
    expect(await facetTotal(lib, 'windmill')).toBe(1)

    await prompt(lib, ids[7]!, null)
    expect(await listAll(lib, { query: 'lighthouse' })).toEqual([])
    expect(await facetTotal(lib, 'lighthouse')).toBe(0)
    // The asset's own name still matches as before.
    const name = (await lib.catalog.repos.media.get(ids[7]!))!.name.split(/[^\p{L}]+/u).find((word) => word.length > 3)!
    expect(await listAll(lib, { query: name })).toContain(ids[7])
  })

  it('clears the prompt from the index when the generation row is deleted', async () => {
    const { lib, ids } = await seededLibrary(3)
    await prompt(lib, ids[1]!, 'volcano eruption at night')
    lib.sqlite.db.prepare('DELETE FROM video_generation WHERE video_id = ?').run(ids[1])
    expect(await listAll(lib, { query: 'volcano' })).toEqual([])
  })
})

describe('workflows:list', () => {
  it('searches by name and by the prompts of a workflow’s assets, filters by status and format, pages', async () => {
    const { lib, ids } = await seededLibrary(6)
    const make = (id: string, name: string, format: string, status: string) =>
      call(lib, 'workflows:create', { id, name, definition: '{}', format, status })
    await make('a', 'Faces 100%_v2', 'comfyui-ui', 'saved')
    await make('b', 'Landscapes', 'comfyui-api', 'draft')
    await make('c', 'Animation loop', 'invokeai', 'saved')
    await call(lib, 'workflows:associate', { workflowId: 'b', videoId: ids[0], nodeId: '9' })
    await call(lib, 'workflows:associate', { workflowId: 'c', videoId: ids[1], nodeId: '2' })
    await prompt(lib, ids[0]!, 'snowy mountains under aurora')
    await prompt(lib, ids[1]!, 'a dancing robot')
    const list = async (input: Record<string, unknown>) => {
      const page = await call<ChannelOutput<'workflows:list'>>(lib, 'workflows:list', input)
      return { ids: page.items.map((item) => item.id), total: page.total }
    }
    expect(await list({})).toEqual({ ids: ['c', 'b', 'a'], total: 3 })
    expect(await list({ query: 'FACES' })).toEqual({ ids: ['a'], total: 1 })
    // LIKE's wildcards in the query are plain characters.
    expect(await list({ query: '100%_' })).toEqual({ ids: ['a'], total: 1 })
    expect(await list({ query: '%' })).toEqual({ ids: ['a'], total: 1 })
    expect(await list({ query: 'auror' })).toEqual({ ids: ['b'], total: 1 })
    expect(await list({ query: 'robot' })).toEqual({ ids: ['c'], total: 1 })
    expect(await list({ status: ['saved'] })).toEqual({ ids: ['c', 'a'], total: 2 })
    expect(await list({ format: ['comfyui-api', 'invokeai'], status: ['saved'] })).toEqual({ ids: ['c'], total: 1 })
    expect(await list({ limit: 1, offset: 1 })).toEqual({ ids: ['b'], total: 3 })
    const [summary] = (await call<ChannelOutput<'workflows:list'>>(lib, 'workflows:list', { query: 'robot' })).items
    expect(summary).toMatchObject({ name: 'Animation loop', format: 'invokeai', outputs: 1, executions: 0 })
  })
})
