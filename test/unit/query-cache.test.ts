import { describe, expect, it } from 'vitest'
import {
  answersTo,
  createQueryCache,
  invalidateAsset,
  invalidateTopics,
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
    ['media:get', { id: 'a' }, { asset: 'a' }],
    ['generation:get', { id: 'b' }, { asset: 'b' }],
    ['workflows:list', { limit: 100 }, {}],
    ['analysis:list', { assetId: 'a' }, {}],
  ]

  it('keeps answers fresh until a change names a topic their channel reads (shared/contract/topics.ts)', async () => {
    const { cache, stale } = cacheWith(entries)
    expect(stale()).toEqual([])
    await invalidateTopics(cache, ['library', 'saved-searches'])
    expect(stale()).toEqual([])
    await invalidateTopics(cache, ['tags'])
    expect(stale()).toEqual(['media:get'])
    await invalidateTopics(cache, ['workflows'])
    expect(stale().sort()).toEqual(['generation:get', 'media:get', 'workflows:list'])
  })

  it('reads the topics of a channel whose input decides them: a list filtered by a collection', async () => {
    const { cache, stale } = cacheWith([
      ['media:list', { filter: { collection: 3 } }, {}],
      ['media:list', { filter: {} }, {}],
    ])
    await invalidateTopics(cache, ['collections'])
    expect(
      cache
        .getQueryCache()
        .getAll()
        .filter((query) => query.isStale())
        .map((q) => q.queryKey[1]),
    ).toEqual([{ filter: { collection: 3 } }])
    await invalidateTopics(cache, ['assets'])
    expect(stale()).toEqual(['media:list', 'media:list'])
  })

  it('an answer that any change moves is made stale by every topic', async () => {
    const { cache, stale } = cacheWith([['library:info', {}, { anyChange: true }]])
    await invalidateTopics(cache, ['hashes'])
    expect(stale()).toEqual(['library:info'])
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
