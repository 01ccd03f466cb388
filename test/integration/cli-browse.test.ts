import { beforeAll, describe, expect, it } from 'vitest'
import type { MediaAsset } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { seedAssets } from '../helpers/assets'
import { call, listAll, recordOfDetail, suiteTempDir } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'

let dir: string

beforeAll(async () => {
  dir = suiteTempDir()
  const lib = openLibrary(dir)
  const assets = await seedAssets(lib, 80)
  await call(lib, 'media:tag', { ids: assets.filter((_, i) => i % 2 === 0).map((a) => a.id), tags: ['Holiday'] })
  await lib.close()
})

/** An asset as `ls` prints it. */
type Printed = MediaAsset & { tags?: string[] }

/** What the same request gives through the dispatcher, for comparison with the CLI's output. */
async function direct(input: Record<string, unknown>, limit?: number): Promise<string[]> {
  const lib = openLibrary(dir)
  try {
    const ids = await listAll(lib, input, 500)
    return limit === undefined ? ids : ids.slice(0, limit)
  } finally {
    await lib.close()
  }
}

describe('CLI ls', () => {
  it('prints every asset as a JSON line, newest import first', async () => {
    const result = await cli(['ls', '--library', dir])
    expect(result.code).toBe(0)
    const printed = jsonLines<Printed>(result.stdout)
    expect(printed).toHaveLength(80)
    expect(printed.map((asset) => asset.id)).toEqual(await direct({}))
    expect(printed[0]).toMatchObject({ rating: 0, notes: null, mediaType: expect.any(String) })
  })

  it('prints whole records, as media:get has them (scripts read more than a card shows)', async () => {
    const result = await cli(['ls', '--library', dir, '--limit', '3'])
    const printed = jsonLines<Printed>(result.stdout)
    const lib = openLibrary(dir)
    try {
      const records = await Promise.all(
        printed.map(async ({ id }) => recordOfDetail(await call(lib, 'media:get', { id }))),
      )
      expect(printed).toEqual(records)
      expect(printed[0]).toMatchObject({ filePath: expect.any(String), metadata: expect.any(Object) })
    } finally {
      await lib.close()
    }
  })

  it('applies the query, filters, sort and limit as media:list does', async () => {
    const args = ['--query', 'sho', '--type', 'video', '--min-width', '600', '--min-duration', '10']
    const more = ['--max-duration', '50', '--tag', 'holiday', '--sort', 'duration', '--desc', '--limit', '6']
    const result = await cli(['ls', '--library', dir, ...args, ...more])
    expect(result.code).toBe(0)
    const expected = await direct(
      {
        query: 'sho',
        filter: { mediaType: ['video'], minWidth: 600, minDuration: 10, maxDuration: 50, tags: ['holiday'] },
        sort: { by: 'duration', dir: 'desc' },
      },
      6,
    )
    expect(expected.length).toBeGreaterThan(1)
    const printed = jsonLines<Printed>(result.stdout)
    expect(printed.map((asset) => asset.id)).toEqual(expected)
    expect(printed.every((a) => a.durationSeconds! >= 10 && a.durationSeconds! <= 50)).toBe(true)
  })

  it.each([
    [['--limit', '0'], 'limit'],
    [['--type', 'sound'], 'mediaType'],
    [['--sort', 'colour'], 'by'],
    [['--min-width', 'wide'], 'minWidth'],
    [['extra'], 'Unexpected arguments'],
  ])('refuses %j as usage (exit 2)', async (args, message) => {
    const result = await cli(['ls', '--library', dir, ...args])
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toContain(message)
  })
})

describe('CLI show, tag, untag', () => {
  it('tags an asset (creating tags), shows it with its tags, and untags it', async () => {
    const tagged = await cli(['tag', 'A00001', 'Beach Day', '  night  ', 'holiday', '--library', dir])
    expect(tagged.stderr).toBe('')
    expect(tagged.code).toBe(0)
    expect(jsonLines<Printed>(tagged.stdout)).toEqual([{ ids: ['A00001'], added: 3, created: ['Beach Day', 'night'] }])

    const shown = await cli(['show', 'A00001', '--library', dir])
    expect(shown.code).toBe(0)
    expect(jsonLines<Printed>(shown.stdout)).toEqual([
      expect.objectContaining({ id: 'A00001', tags: ['Beach Day', 'Holiday', 'night'] }),
    ])

    const untagged = await cli(['untag', 'A00001', 'beach day', 'unknown', '--library', dir])
    expect(jsonLines<Printed>(untagged.stdout)).toEqual([{ ids: ['A00001'], removed: 1 }])
    const again = jsonLines<Printed>((await cli(['show', 'A00001', '--library', dir])).stdout)
    expect(again[0]!.tags).toEqual(['Holiday', 'night'])
  })

  it('exits 1 for an unknown asset and writes nothing', async () => {
    const shown = await cli(['show', 'NOPE', '--library', dir])
    expect(shown).toMatchObject({ code: 1, stdout: '' })
    expect(shown.stderr).toContain('No asset with id NOPE')
    const tagged = await cli(['tag', 'NOPE', 'ghost', '--library', dir])
    expect(tagged.code).toBe(1)
    const lib = openLibrary(dir)
    try {
      expect(await call(lib, 'tags:list', { prefix: 'gho' })).toEqual({ tags: [] })
    } finally {
      await lib.close()
    }
  })

  it.each([[['show']], [['tag', 'A00001']], [['untag']], [['show', 'A00001', 'A00002']]])(
    'refuses %j as usage (exit 2)',
    async (args) => {
      expect(await cli([...args, '--library', dir])).toMatchObject({ code: 2, stdout: '' })
    },
  )
})
