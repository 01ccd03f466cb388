import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MediaFilter } from '../../shared/contract'
import {
  CARD_SIZE,
  DEFAULT_BROWSE,
  decodeBrowse,
  encodeBrowse,
  listedFilter,
  type BrowseView,
} from '../../renderer/src/features/browse/browse-url'
import { selectionAfter } from '../../renderer/src/features/browse/selection'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'

const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && !/[\p{Cc}]/u.test(s))
const list = <T>(item: fc.Arbitrary<T>) => fc.uniqueArray(item, { minLength: 1, maxLength: 4 })
const filter: fc.Arbitrary<MediaFilter> = fc
  .record(
    {
      mediaType: list(fc.constantFrom('video' as const, 'image' as const)),
      sourceType: list(text),
      status: list(fc.constantFrom(1, 2, 3, 6)),
      codec: list(text),
      container: list(text),
      orientation: list(fc.constantFrom('landscape' as const, 'portrait' as const, 'square' as const)),
      minWidth: fc.nat(100_000),
      maxHeight: fc.nat(100_000),
      minDuration: fc.double({ min: 0, max: 1e6, noNaN: true }),
      maxSize: fc.nat(),
      importedFrom: fc.constantFrom('2024-01-31', '2025-06-01T10:20:30Z'),
      tags: list(text),
      minRating: fc.integer({ min: 0, max: 5 }),
      hasAudio: fc.boolean(),
      hasNearDuplicates: fc.boolean(),
      collection: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      health: list(fc.constantFrom('missing' as const, 'changed' as const)),
      importedBy: list(text),
      reviewStatus: list(
        fc.constantFrom('none' as const, 'in-review' as const, 'needs-changes' as const, 'approved' as const),
      ),
      provider: list(text),
      model: list(text),
      sampler: list(text),
      steps: list(fc.integer({ min: 0, max: 100_000 })),
      loras: list(text),
      hasWorkflow: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter((candidate) => MediaFilter.safeParse(candidate).success)
const view: fc.Arbitrary<BrowseView> = fc.record({
  query: fc.string({ maxLength: 30 }).filter((q) => q.trim() !== '' || q === ''),
  filter,
  sort: fc.record({
    by: fc.constantFrom('imported' as const, 'name' as const, 'duration' as const, 'size' as const),
    dir: fc.constantFrom('asc' as const, 'desc' as const),
  }),
  view: fc.constantFrom('grid' as const, 'list' as const),
  size: fc.integer({ min: CARD_SIZE.min, max: CARD_SIZE.max }),
  stacks: fc.boolean(),
  anchor: fc.option(fc.stringMatching(/^[0-9a-f]{16}$/), { nil: null }),
})

describe('library view state in the URL', () => {
  it('writes a compact, readable URL and leaves defaults out', () => {
    expect(encodeBrowse(DEFAULT_BROWSE)).toBe('')
    const state: BrowseView = {
      ...DEFAULT_BROWSE,
      query: 'café night',
      filter: {
        mediaType: ['video'],
        codec: ['h264', 'vp9'],
        minWidth: 1920,
        tags: ['a', 'b'],
        minRating: 3,
        hasAudio: true,
        collection: 7,
      },
      sort: { by: 'size', dir: 'asc' },
      view: 'list',
    }
    expect(encodeBrowse(state)).toBe(
      'q=caf%C3%A9%20night&type=video&codec=h264,vp9&tag=a,b&minw=1920&rating=3&audio=1&collection=7&sort=size&dir=asc&view=list',
    )
    expect(decodeBrowse(encodeBrowse(state))).toEqual(state)
  })

  it('round-trips every valid view state', () => {
    fc.assert(
      fc.property(view, (state) => {
        expect(decodeBrowse(encodeBrowse(state))).toEqual(state)
      }),
      { numRuns: 300 },
    )
  })

  it('stacks related files unless the URL says stacks=0, and lists with stacks collapsed only then', () => {
    expect(DEFAULT_BROWSE.stacks).toBe(true)
    expect(encodeBrowse({ ...DEFAULT_BROWSE, stacks: false, view: 'list' })).toBe('view=list&stacks=0')
    expect(decodeBrowse('stacks=0').stacks).toBe(false)
    expect(decodeBrowse('stacks=1').stacks).toBe(true)
    const filter = { mediaType: ['video' as const] }
    expect(listedFilter({ filter, stacks: true })).toEqual({ mediaType: ['video'], collapseStacks: true })
    expect(listedFilter({ filter, stacks: false })).toBe(filter)
    // The view's own filter stays without it: the filter count, saved searches and the URL never see it.
    expect(decodeBrowse(encodeBrowse({ ...DEFAULT_BROWSE, filter })).filter).toEqual(filter)
  })

  it('keeps a tag that holds a comma, percent or ampersand whole', () => {
    const state = { ...DEFAULT_BROWSE, filter: { tags: ['rock, paper', '100%', 'a&b=c'] } }
    expect(decodeBrowse(encodeBrowse(state)).filter).toEqual({ tags: ['rock, paper', '100%', 'a&b=c'] })
  })

  it('carries the file health filter, so the Stats page can link to the missing files', () => {
    const state: BrowseView = { ...DEFAULT_BROWSE, filter: { mediaType: ['video'], health: ['missing', 'changed'] } }
    expect(encodeBrowse(state)).toBe('type=video&health=missing,changed')
    expect(decodeBrowse('health=missing').filter).toEqual({ health: ['missing'] })
    expect(decodeBrowse('health=missing,gone').filter).toEqual({})
  })

  it('carries the near-duplicates filter either way, next to the audio one', () => {
    const state: BrowseView = { ...DEFAULT_BROWSE, filter: { hasAudio: false, hasNearDuplicates: true } }
    expect(encodeBrowse(state)).toBe('audio=0&neardup=1')
    expect(decodeBrowse('neardup=0').filter).toEqual({ hasNearDuplicates: false })
    expect(decodeBrowse('neardup=yes').filter).toEqual({})
  })

  it('carries the generation filters, so a reload keeps a model, LoRAs, steps and the workflow choice', () => {
    const state: BrowseView = {
      ...DEFAULT_BROWSE,
      filter: { model: ['wan2.1 t2v.safetensors'], steps: [20, 30], loras: ['add_detail'], hasWorkflow: true },
    }
    expect(encodeBrowse(state)).toBe('model=wan2.1%20t2v.safetensors&lora=add_detail&steps=20,30&workflow=1')
    expect(decodeBrowse(encodeBrowse(state))).toEqual(state)
    expect(decodeBrowse('steps=20,many&workflow=0').filter).toEqual({ hasWorkflow: false })
  })

  it('drops what the backend would refuse and keeps the rest', () => {
    const decoded = decodeBrowse(
      'type=video,movie&minw=-5&rating=9&audio=maybe&sort=colour&dir=up&size=5000&codec=h264&to=yesterday&status=1,x&collection=0',
    )
    expect(decoded.filter).toEqual({ codec: ['h264'] })
    expect(decoded.sort).toEqual(DEFAULT_BROWSE.sort)
    expect(decoded.size).toBe(CARD_SIZE.max)
    expect(decodeBrowse('q=%E0%A4%A').query).toBe('%E0%A4%A')
  })
})

describe('routes in the URL hash', () => {
  it('opens on the library when the hash names nothing, and maps the old info page to settings', () => {
    expect(routeFromHash('')).toBeUndefined()
    expect(routeFromHash('#/nowhere')).toBeUndefined()
    expect(routeFromHash('#/info')?.view).toBe('settings')
    expect(routeFromHash('#/stats')).toEqual({ view: 'stats', assetId: null, browse: undefined })
    // A bare asset link carries no library view (following it keeps the current one); a bare library link is the default view.
    expect(routeFromHash('#/asset/abc')).toEqual({ view: 'asset', assetId: 'abc', browse: undefined })
    expect(routeFromHash('#/library')?.browse).toEqual(DEFAULT_BROWSE)
  })

  it('keeps the library view on the detail page, so closing it returns there', () => {
    const browse: BrowseView = { ...DEFAULT_BROWSE, query: 'dusk', sort: { by: 'name', dir: 'asc' } }
    const hash = hashOfRoute({ view: 'asset', assetId: 'abc/1', browse })
    expect(hash).toBe('#/asset/abc%2F1?q=dusk&sort=name&dir=asc')
    expect(routeFromHash(hash)).toEqual({ view: 'asset', assetId: 'abc/1', browse })
    expect(routeFromHash('#/asset/')).toBeUndefined()
    expect(hashOfRoute({ view: 'settings', assetId: null, browse })).toBe('#/settings')
  })
})

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e']
  it('selects only, toggles, and extends a range from the anchor in the current order', () => {
    expect(selectionAfter(['a', 'b'], order, 'a', 'c', 'only')).toEqual(['c'])
    expect(selectionAfter(['a'], order, 'a', 'c', 'toggle')).toEqual(['a', 'c'])
    expect(selectionAfter(['a', 'c'], order, 'a', 'c', 'toggle')).toEqual(['a'])
    expect(selectionAfter(['d'], order, 'd', 'b', 'range')).toEqual(['b', 'c', 'd'])
    // After a re-sort the same anchor spans other assets: the range follows what is shown.
    expect(selectionAfter(['d'], ['e', 'd', 'c', 'b', 'a'], 'd', 'b', 'range')).toEqual(['d', 'c', 'b'])
    expect(selectionAfter(['z'], order, 'z', 'b', 'range')).toEqual(['b'])
  })
})
