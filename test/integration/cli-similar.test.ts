import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { cli, jsonLines } from '../helpers/cli'
import { writeVideoVariants } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

describe('the similar commands', () => {
  it('hash the library, list and show its near-duplicates, and dismiss a pair for good', async () => {
    const footage = tempDir()
    await writeVideoVariants(footage, ['half-size.mp4'])
    const dir = tempDir()
    const lib = openLibrary(dir)
    const { items } = await importAndWait(
      lib,
      ['source.mp4', 'half-size.mp4', 'unrelated.mp4'].map((name) => path.join(footage, name)),
    )
    const [source, variant] = items.map((item) => item.asset!.id)
    await lib.close()

    const hashed = await cli(['similar', 'hash', '--library', dir])
    expect(hashed.code).toBe(0)
    expect(jsonLines(hashed.stdout)).toEqual([{ counts: { hashed: 3, failed: 0 } }])
    expect(jsonLines<{ doing: string }>(hashed.stderr).at(-1)!.doing).toMatch(/^3 of 3 · /)
    // Nothing is left to hash: a second run does nothing.
    expect(jsonLines((await cli(['similar', 'hash', '--library', dir])).stdout)).toEqual([
      { counts: { hashed: 0, failed: 0 } },
    ])

    const listed = await cli(['similar', 'ls', '--min-share', '0.8', '--library', dir])
    const groups = jsonLines<{ members: { id: string; keeper: boolean; relation?: string }[] }>(listed.stdout)
    expect(groups).toHaveLength(1)
    expect(groups[0]!.members.map((member) => member.id).sort()).toEqual([source, variant].sort())
    // The larger picture is kept.
    expect(groups[0]!.members.find((member) => member.keeper)!.id).toBe(source)
    expect(groups[0]!.members.find((member) => member.relation)!.relation).toBe('same')

    const shown = await cli(['similar', 'show', variant!, '--library', dir])
    const [{ matches }] = jsonLines<{ matches: { asset: { id: string }; relation: string }[] }>(shown.stdout)
    expect(matches.map((match) => [match.asset.id, match.relation])).toEqual([[source, 'same']])

    expect(jsonLines((await cli(['similar', 'dismiss', source!, variant!, '--library', dir])).stdout)).toEqual([
      { dismissed: true },
    ])
    expect((await cli(['similar', 'ls', '--library', dir])).stdout).toBe('')
    const same = await cli(['similar', 'dismiss', source!, source!, '--library', dir])
    expect(same.code).toBe(2)
    expect(same.stderr).toMatch(/An asset is no duplicate of itself/)
  }, 120_000)
})
