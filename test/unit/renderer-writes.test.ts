import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { QueryObserver } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import {
  CHANNEL_TOPICS,
  ChangeTopic,
  channels,
  isWrite,
  readsOf,
  Topic,
  writesOf,
  type Channel,
} from '../../shared/contract'
import { TABLE_TOPICS, topicsOf } from '../../main/db/change-topics'
import type { Client } from '../../renderer/src/api/client'
import {
  answersTo,
  backendQuery,
  createQueryCache,
  invalidateTopics,
  queryKey,
} from '../../renderer/src/api/query-cache'
import { writeThrough } from '../../renderer/src/api/writes'

const RENDERER = path.resolve(__dirname, '../../renderer/src')

/** Every source file of the renderer, relative to renderer/src. */
function rendererFiles(dir = RENDERER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return rendererFiles(full)
    return /\.tsx?$/.test(entry.name) ? [path.relative(RENDERER, full)] : []
  })
}

/** Which of `reads` (channel and input) a write of `channel` makes stale in a cache holding all of them. */
async function staleAfter(channel: Channel, reads: [Channel, unknown][]): Promise<[unknown, unknown][]> {
  const cache = createQueryCache()
  for (const [read, input] of reads) {
    cache.getQueryCache().build(cache, { queryKey: queryKey(read, input) })
    cache.setQueryData(queryKey(read, input), {})
  }
  await invalidateTopics(cache, writesOf(channel))
  return cache
    .getQueryCache()
    .getAll()
    .filter((query) => query.isStale())
    .map((query): [unknown, unknown] => [query.queryKey[0], query.queryKey[1]])
}

describe('channel topics (shared/contract/topics.ts)', () => {
  it('every channel declares what it reads or what it writes, in topics of the contract', () => {
    expect(Object.keys(CHANNEL_TOPICS).sort()).toEqual([...channels].sort())
    for (const channel of channels) {
      const declared = CHANNEL_TOPICS[channel]
      expect('reads' in declared !== 'writes' in declared, channel).toBe(true)
      const topics = 'writes' in declared ? declared.writes : readsOf(channel, {} as never)
      for (const topic of topics) expect(Topic.options, `${channel}: ${topic}`).toContain(topic)
    }
  })

  it('a write names the topics it changes: only showing a file in its folder changes none', () => {
    expect(channels.filter((channel) => isWrite(channel) && writesOf(channel).length === 0)).toEqual(['media:reveal'])
  })

  it('every topic a read follows is told of, by a table the server maps to it or by a write', () => {
    const told = new Set<Topic>([
      ...Object.values(TABLE_TOPICS).flat(),
      ...channels.flatMap((channel) => writesOf(channel)),
    ])
    const read = channels.flatMap((channel) => [...readsOf(channel, { filter: {} } as never)])
    expect(read.filter((topic) => !told.has(topic))).toEqual([])
  })

  it('the server maps every change-log table to topics, once', () => {
    expect(Object.keys(TABLE_TOPICS).sort()).toEqual([...ChangeTopic.options].sort())
    expect(topicsOf(['videos', 'asset_tags', 'tags'])).toEqual(['assets', 'tags'])
    expect(topicsOf(['trash_entries', 'trash_batches'])).toEqual(['trash'])
  })

  it('a write makes stale the reads of what it writes, and no other', async () => {
    const reads: [Channel, unknown][] = [
      ['media:get', { id: 'a' }],
      ['tags:list', {}],
      ['media:facets', { filter: {} }],
      ['media:list', { filter: {} }],
      ['media:list', { filter: { collection: 4 } }],
      ['collections:list', {}],
      ['trash:list', { limit: 200 }],
      ['searches:list', {}],
      ['people:list', {}],
      ['workflows:list', { limit: 100 }],
      ['library:info', {}],
    ]
    expect(await staleAfter('media:tag', reads)).toEqual([
      ['media:get', { id: 'a' }],
      ['tags:list', {}],
      ['media:facets', { filter: {} }],
      ['media:list', { filter: {} }],
      ['media:list', { filter: { collection: 4 } }],
    ])
    expect(await staleAfter('collections:add', reads)).toEqual([
      ['media:get', { id: 'a' }],
      ['media:facets', { filter: {} }],
      ['media:list', { filter: { collection: 4 } }],
      ['collections:list', {}],
    ])
    expect((await staleAfter('trash:empty', reads)).map(([channel]) => channel)).toEqual(['media:get', 'trash:list'])
    expect(await staleAfter('searches:save', reads)).toEqual([['searches:list', {}]])
    expect(await staleAfter('people:set-role', reads)).toEqual([['people:list', {}]])
    expect(await staleAfter('workflows:create', reads)).toEqual([['workflows:list', { limit: 100 }]])
    expect(await staleAfter('library:rename', reads)).toEqual([['library:info', {}]])
  })
})

describe('one write path in the renderer', () => {
  it("leaves alone a list that jobs feed: the job's result put into it stays, and the list is not asked again", async () => {
    // The library's analyses of asset a, as the server would answer them: one read now, its answer a moment later.
    const stored: { analyses: { id: number }[] } = { analyses: [] }
    const asked: unknown[] = []
    const client = {
      'analysis:list': (input: unknown) => {
        asked.push(input)
        const answer = structuredClone(stored)
        return new Promise((resolve) => setTimeout(() => resolve(answer), 20))
      },
      'analysis:run': () => Promise.resolve({ job: { id: 'j1', state: 'queued' } }),
    } as unknown as Client
    const cache = createQueryCache()
    const list = { assetId: 'a' }
    // On screen, as the analyses section shows it.
    const shown = new QueryObserver(cache, backendQuery(client, 'analysis:list', list, { fedByJobs: true }))
    const unsubscribe = shown.subscribe(() => {})
    await vi.waitFor(() => expect(shown.getCurrentResult().data).toEqual({ analyses: [] }))

    await writeThrough(client, cache)('analysis:run', { assetId: 'a', analyzer: 'scenes', force: false } as never)
    // The job ends: it stored its analysis, and its end puts the analysis into the list.
    stored.analyses.push({ id: 7 })
    cache.setQueriesData(answersTo('analysis:list', list), { analyses: [{ id: 7 }] })
    await vi.waitFor(() => expect(cache.isFetching()).toBe(0))
    expect(shown.getCurrentResult().data).toEqual({ analyses: [{ id: 7 }] })
    expect(asked).toEqual([list])
    unsubscribe()
  })

  const writeChannels = new Set(channels.filter(isWrite))
  // The write path itself (api/writes.ts) calls the client; a read's query calls its channel (query-cache.ts).
  const writePath = new Set(['api/writes.ts'])

  it('no renderer file but the write path calls a write channel on the client', () => {
    const direct: string[] = []
    for (const file of rendererFiles().filter((file) => !writePath.has(file))) {
      const text = readFileSync(path.join(RENDERER, file), 'utf8')
      // `api['media:tag'](…)`, `client[undo ? 'a' : 'b'](…)`: any channel named inside the client's brackets.
      for (const match of text.matchAll(/\b(?:api|client)\[([^\]]+)\]/g)) {
        const named = [...match[1]!.matchAll(/'([a-z-]+:[a-z-]+)'/g)].map((name) => name[1] as Channel)
        for (const channel of named.filter((name) => writeChannels.has(name))) direct.push(`${file}: ${channel}`)
      }
      if (/\b(?:api|client)\.importFiles\(/.test(text)) direct.push(`${file}: importFiles`)
    }
    expect(direct).toEqual([])
  })

  it('a channel indexed by a variable is called only by the write path and the query of a read', () => {
    const dynamic = rendererFiles()
      .filter((file) => /\b(?:api|client)\[(?!')[a-z]/.test(readFileSync(path.join(RENDERER, file), 'utf8')))
      .sort()
    expect(dynamic).toEqual(['api/query-cache.ts', 'api/writes.ts'])
  })

  it('slices keep UI state only: none imports from api/', () => {
    const slices = rendererFiles().filter((file) => /^(app|features\/[^/]+)\/[^/]*slice[^/]*$/.test(file))
    expect(slices.length).toBeGreaterThan(4)
    const importing = slices.filter((file) => /from '[^']*api\//.test(readFileSync(path.join(RENDERER, file), 'utf8')))
    expect(importing).toEqual([])
  })
})
