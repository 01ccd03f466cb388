import { describe, expect, it } from 'vitest'
import {
  answersTo,
  createQueryCache,
  invalidateAsset,
  invalidateTables,
  queryKey,
  type QueryMeta,
} from '../../renderer/src/api/query-cache'

/** A cache holding one answer per (channel, input, meta), as the pages' queries leave them. */
function cacheWith(entries: [Parameters<typeof queryKey>[0], unknown, QueryMeta][]) {
  const cache = createQueryCache()
  for (const [channel, input, meta] of entries) {
    cache.getQueryCache().build(cache, { queryKey: queryKey(channel, input), meta })
    cache.setQueryData(queryKey(channel, input), { answer: channel })
  }
  const stale = () =>
    cache
      .getQueryCache()
      .getAll()
      .filter((query) => query.isStale())
      .map((query) => query.queryKey[0])
  return { cache, stale }
}

describe('query cache', () => {
  const entries: [Parameters<typeof queryKey>[0], unknown, QueryMeta][] = [
    ['media:get', { id: 'a' }, { tables: ['videos', 'asset_tags'], asset: 'a' }],
    ['generation:get', { id: 'b' }, { tables: ['video_generation'], asset: 'b' }],
    ['workflows:list', { limit: 100 }, { tables: ['workflows', 'videos'] }],
    ['analysis:list', { assetId: 'a' }, { tables: [] }],
  ]

  it('keeps answers fresh until a change names a table they read', async () => {
    const { cache, stale } = cacheWith(entries)
    expect(stale()).toEqual([])
    await invalidateTables(cache, ['library_meta', 'collections'])
    expect(stale()).toEqual([])
    await invalidateTables(cache, ['videos'])
    expect(stale().sort()).toEqual(['media:get', 'workflows:list'])
  })

  it('names only tables a change can name: a misspelt one fails the typecheck, not a refresh', async () => {
    // @ts-expect-error 'video' is no ChangeTopic: a query reading it would never be told of a change
    const typo: QueryMeta = { tables: ['video'] }
    const { cache, stale } = cacheWith([['media:get', { id: 'a' }, typo]])
    await invalidateTables(cache, ['videos'])
    expect(stale()).toEqual([])
  })

  it("an asset's own events make only that asset's answers stale", async () => {
    const { cache, stale } = cacheWith(entries)
    await invalidateAsset(cache, 'b')
    expect(stale()).toEqual(['generation:get'])
  })

  it('a reload asked for by hand reaches every version of one answer, and no other', async () => {
    const { cache, stale } = cacheWith(entries)
    await cache.invalidateQueries(answersTo('analysis:list', { assetId: 'a' }))
    await cache.invalidateQueries(answersTo('media:get', { id: 'other' }))
    expect(stale()).toEqual(['analysis:list'])
  })
})
