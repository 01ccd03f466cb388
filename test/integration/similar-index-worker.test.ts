import { afterEach, describe, expect, it } from 'vitest'
import { FrameIndex } from '../../main/similar/frame-index'
import { describePair } from '../../main/similar/frame-match'
import { findPairs } from '../../main/similar/similar-groups'
import { type SimilarIndexClient, startSimilarIndex } from '../../main/similar/similar-index-client'
import { syntheticVideoLibrary, variantOf, randomSequence } from '../helpers/synthetic-frames'

const clients: SimilarIndexClient[] = []

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()))
})

function start(): SimilarIndexClient {
  const client = startSimilarIndex()
  clients.push(client)
  return client
}

describe('the near-duplicate index in its worker thread', () => {
  const library = syntheticVideoLibrary(300, 20, 9)
  const local = FrameIndex.build(library)

  it('rebuilds from stored frames in batches and answers as the index does in this thread', async () => {
    const client = start()
    const progress: [number, number][] = []
    const stats = await client.rebuild(library, {
      total: 300,
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(stats).toEqual({ ...local.size, bytes: local.bytes })
    expect(progress).toEqual([[300, 300]])
    const queried = 'video-0'
    const candidates = await client.query(queried)
    const expected = local.queryAsset(queried).map((candidate) => ({
      ...candidate,
      match: describePair(local.framesOf(queried), local.framesOf(candidate.assetId), candidate.hits),
    }))
    expect(expected.length).toBeGreaterThan(0)
    expect(candidates).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(await client.pairs()).toEqual(findPairs(local))
  })

  it('adds, finds frames of an asset it does not hold, and removes', async () => {
    const client = start()
    const random = randomSequence(3)
    const [source] = library
    await client.add('source', source!.frames)
    const copy = variantOf(source!.frames, { minFlips: 5, maxFlips: 20 }, random)
    expect(await client.queryFrames(copy)).toMatchObject([{ assetId: 'source', match: { relation: 'same' } }])
    expect(await client.add('copy', copy)).toMatchObject({ assets: 2 })
    expect((await client.query('source')).map((candidate) => candidate.assetId)).toEqual(['copy'])
    expect(await client.remove('copy')).toBe(true)
    expect(await client.query('source')).toEqual([])
    expect(await client.stats()).toMatchObject({ assets: 1 })
  })

  it('reports a cancelled rebuild and grouping as errors and keeps serving', async () => {
    const client = start()
    const stopped = new AbortController()
    stopped.abort()
    await expect(client.rebuild(library, { signal: stopped.signal })).rejects.toMatchObject({ name: 'AbortError' })
    await client.rebuild(library)
    const controller = new AbortController()
    controller.abort()
    await expect(client.pairs({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
      message: 'Grouping near-duplicates was cancelled',
    })
    expect(await client.stats()).toMatchObject({ assets: library.length })
  })

  it('refuses calls once closed', async () => {
    const client = startSimilarIndex()
    await client.close()
    await expect(client.stats()).rejects.toThrow('The near-duplicate index was closed')
  })
})
