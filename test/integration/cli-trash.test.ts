import { existsSync } from 'node:fs'
import { describe, expect, inject, it } from 'vitest'
import type { DeletePreview, DeleteResult, TrashBatch } from '../../shared/contract'
import { runTrashCommand, type Prompt } from '../../main/cli/trash-commands'
import { libraryBackend } from '../../main/cli/cli-backend'
import { openLibrary } from '../../main/app/open-library'
import { cli, jsonLines } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')

/** A library folder holding a copied clip and a linked PNG; their ids and the clip's file. */
async function library(): Promise<{ dir: string; clip: string; linked: string; file: string }> {
  const dir = tempDir()
  const lib = openLibrary(dir)
  try {
    const clip = (await importAndWait(lib, [fixtures.mp4])).items[0]!.asset!.id
    const linked = (await importAndWait(lib, [fixtures.png], true)).items[0]!.asset!.id
    return { dir, clip, linked, file: (await lib.catalog.repos.media.get(clip))!.filePath }
  } finally {
    await lib.close()
  }
}

describe('CLI rm, trash, undo, empty-trash', () => {
  it('refuses without --yes when there is no terminal to ask on, printing the preview', async () => {
    const { dir, clip, linked, file } = await library()
    const refused = await cli(['rm', clip, linked, '--library', dir])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('not deleting without --yes')
    expect(refused.stderr).toContain("1 copied file(s) (0.1 MiB) go to the library's trash; 1 linked original(s) stay")
    const [{ preview }] = jsonLines(refused.stdout) as [{ preview: DeletePreview }]
    expect(preview).toMatchObject({ assets: 2, copied: { count: 1 }, linked: { count: 1 }, notFound: [] })
    expect(existsSync(file)).toBe(true)
    expect(jsonLines((await cli(['ls', '--library', dir])).stdout)).toHaveLength(2)
  })

  it('deletes with --yes, lists the trash, undoes, empties; undo after empty fails with a typed message', async () => {
    const { dir, clip, linked, file } = await library()
    const deleted = await cli(['rm', clip, linked, '--yes', '--library', dir])
    expect(deleted.code, deleted.stderr).toBe(0)
    const [result] = jsonLines(deleted.stdout) as [DeleteResult]
    expect(result).toMatchObject({ deleted: 2, copied: { count: 1 }, linked: { count: 1, originalsLeftInPlace: 1 } })
    expect(existsSync(file)).toBe(false)
    expect(existsSync(fixtures.png)).toBe(true)
    expect((await cli(['ls', '--library', dir])).stdout).toBe('')

    const listed = jsonLines((await cli(['trash', '--library', dir])).stdout) as TrashBatch[]
    expect(listed).toEqual([expect.objectContaining({ id: result.batchId, assets: 2, state: 'trashed' })])
    const undone = await cli(['undo', result.batchId, '--library', dir])
    expect(undone.code, undone.stderr).toBe(0)
    expect(jsonLines(undone.stdout)).toEqual([expect.objectContaining({ restored: [clip, linked], state: 'restored' })])
    expect(existsSync(file)).toBe(true)

    const again = jsonLines((await cli(['rm', clip, '-y', '--library', dir])).stdout) as [DeleteResult]
    const emptied = await cli(['empty-trash', '--library', dir])
    expect(jsonLines(emptied.stdout)).toEqual([{ emptied: [again[0].batchId], assets: 1, bytes: expect.any(Number) }])
    expect(existsSync(file)).toBe(false)
    const late = await cli(['undo', again[0].batchId, '--library', dir])
    expect(late).toMatchObject({ code: 1, stdout: '' })
    expect(late.stderr).toContain('emptied from the trash')
    // Eight CLI runs, each a Node start: room for a loaded machine.
  }, 90_000)

  it.each([
    [['rm'], 'rm needs asset ids'],
    [['undo'], 'undo needs the id of a delete'],
    [['undo', 'not-a-batch'], 'batchId'],
    [['trash', 'extra'], 'Unexpected arguments'],
  ])('refuses %j as usage (exit 2)', async (args, message) => {
    const result = await cli([...args, '--library', tempDir()])
    expect(result.stderr).toContain(message)
    expect(result).toMatchObject({ code: 2, stdout: '' })
  })
})

describe('CLI rm on a terminal', () => {
  /** A terminal that answers `answer` and remembers the question. */
  const terminal = (answer: boolean): Prompt & { asked: string[] } => {
    const asked: string[] = []
    return { interactive: true, asked, confirm: async (question) => (asked.push(question), answer) }
  }

  it('asks y/N: no keeps the asset, yes deletes it', async () => {
    const { dir, clip } = await library()
    const lib = testLibrary(dir)
    const printed: unknown[] = []
    const no = terminal(false)
    expect(await runTrashCommand(libraryBackend(lib), 'rm', [clip], {}, (value) => printed.push(value), no)).toBe(1)
    expect(no.asked).toEqual([expect.stringMatching(/^1 asset would be deleted: 1 copied file.*Delete\? \[y\/N\] $/)])
    expect(await lib.catalog.repos.media.get(clip)).toBeDefined()
    expect(printed).toEqual([expect.objectContaining({ deleted: false })])

    expect(
      await runTrashCommand(libraryBackend(lib), 'rm', [clip], {}, (value) => printed.push(value), terminal(true)),
    ).toBe(0)
    expect(await lib.catalog.repos.media.get(clip)).toBeUndefined()
    expect(printed.at(-1)).toMatchObject({ deleted: 1 })
  })
})
