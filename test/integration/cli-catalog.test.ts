import { beforeAll, describe, expect, it } from 'vitest'
import type { Collection, LibraryStats } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { seedAssets } from '../helpers/assets'
import { call, suiteTempDir } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'

let dir: string
let ids: string[]

beforeAll(async () => {
  dir = suiteTempDir()
  const lib = openLibrary(dir)
  ids = (await seedAssets(lib, 30)).map((asset) => asset.id)
  await lib.close()
})

/** What a channel answers when called directly, for comparison with the CLI's output. */
async function direct<T>(channel: string, input: unknown): Promise<T> {
  const lib = openLibrary(dir)
  try {
    return await call<T>(lib, channel, input)
  } finally {
    await lib.close()
  }
}

describe('CLI collect and collections', () => {
  it('creates the collection on first use, finds it again in any case, and lists collections as JSON lines', async () => {
    const first = await cli(['collect', '--library', dir, 'Best shots', ids[0]!, ids[1]!])
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(jsonLines(first.stdout)).toEqual([
      {
        collection: {
          id: expect.any(Number),
          name: 'Best shots',
          createdAt: expect.any(String),
          count: 2,
          review: { total: 2, inReview: 0, needsChanges: 0, approved: 0 },
          ownerId: null,
          version: 0,
        },
        created: true,
        ids: [ids[0], ids[1]],
        added: 2,
      },
    ])
    const again = await cli(['collect', '--library', dir, 'BEST SHOTS', ids[1]!, ids[2]!])
    expect(jsonLines(again.stdout)).toEqual([
      {
        collection: expect.objectContaining({ name: 'Best shots', count: 3 }),
        created: false,
        ids: [ids[2]],
        added: 1,
      },
    ])
    await cli(['collect', '--library', dir, 'Archive', ids[3]!])

    const listed = await cli(['collections', '--library', dir])
    expect(listed.code).toBe(0)
    const collections = jsonLines(listed.stdout) as Collection[]
    expect(collections.map((c) => [c.name, c.count])).toEqual([
      ['Archive', 1],
      ['Best shots', 3],
    ])
    // As collections:list gives them, with their review progress in words (issue 60 point 2).
    const listedDirectly = (await direct<{ collections: Collection[] }>('collections:list', {})).collections
    expect(collections).toEqual(listedDirectly.map((one) => ({ ...one, reviewProgress: `0 of ${one.count} approved` })))
  })

  it('refuses unknown ids (writing nothing) and missing arguments', async () => {
    const before = await direct<{ collections: Collection[] }>('collections:list', {})
    const unknown = await cli(['collect', '--library', dir, 'Archive', ids[4]!, 'NO-SUCH-ID'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No asset with id NO-SUCH-ID/)
    const missing = await cli(['collect', '--library', dir, 'Archive'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/collect needs a collection name and asset ids/)
    expect(await direct('collections:list', {})).toEqual(before)
  })
})

describe('CLI stats', () => {
  it('prints library:stats as one JSON line', async () => {
    const result = await cli(['stats', '--library', dir])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    const printed = jsonLines(result.stdout) as LibraryStats[]
    expect(printed).toHaveLength(1)
    expect(printed[0]!.total.count).toBe(30)
    expect(printed[0]).toEqual(await direct('library:stats', {}))
    expect((await cli(['stats', '--library', dir, 'extra'])).code).toBe(2)
  })
})
