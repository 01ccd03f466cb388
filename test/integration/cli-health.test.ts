import { copyFileSync, mkdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { EventPayload, HealthItem, HealthReport, Job } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { cli, jsonLines } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

type Line = { item?: HealthItem; job?: Job; report?: HealthReport }

describe('CLI verify and relink', () => {
  it('verify reports a moved file missing, relink finds it, verify is clean again', async () => {
    const fx = inject('fixtures')
    const dir = tempDir()
    const source = tempDir()
    for (const file of [fx.mp4, fx.mov]) copyFileSync(file, path.join(source, path.basename(file)))
    const lib = openLibrary(dir, { ingest: { thumbnailsAfterImport: false } })
    const { items } = await importAndWait(lib, [source], true)
    await lib.close()
    const movId = items.find((item) => item.name === 'clip.mov')!.asset!.id
    const moved = tempDir()
    mkdirSync(path.join(moved, 'sub'))
    renameSync(path.join(source, 'clip.mov'), path.join(moved, 'sub', 'renamed.mov'))

    const verify = await cli(['verify', '--library', dir])
    expect(verify.code).toBe(1)
    const lines = jsonLines<Line>(verify.stdout)
    expect(lines.slice(0, -1)).toEqual([{ item: expect.objectContaining({ id: movId, outcome: 'missing' }) }])
    expect(lines.at(-1)!.job).toMatchObject({
      kind: 'verify',
      state: 'done',
      result: { counts: { ok: 1, missing: 1 }, items: [expect.objectContaining({ id: movId })] },
    })
    expect(lines.at(-1)!.report).toMatchObject({ counts: { total: 2, missing: 1, changed: 0 } })
    const progress = jsonLines<EventPayload<'job:progress'>>(verify.stderr)
    expect(progress.at(-1)).toMatchObject({ kind: 'verify', files: { done: 2, total: 2 } })

    const relink = await cli(['relink', moved, '--library', dir])
    expect(relink.stderr).not.toMatch(/framevault:/)
    expect(relink.code).toBe(0)
    const relinked = jsonLines<Line>(relink.stdout)
    expect(relinked[0]!.item).toMatchObject({
      id: movId,
      outcome: 'relinked',
      newPath: path.join(moved, 'sub', 'renamed.mov'),
    })
    expect(relinked.at(-1)!.job).toMatchObject({ kind: 'relink', state: 'done', params: { folder: moved } })

    const again = await cli(['verify', '--library', dir, '--ids', movId])
    expect(again.code).toBe(0)
    expect(jsonLines<Line>(again.stdout)).toEqual([
      {
        job: expect.objectContaining({
          result: expect.objectContaining({ files: { done: 1, total: 1 }, counts: expect.objectContaining({ ok: 1 }) }),
        }),
        report: expect.objectContaining({ counts: { total: 2, missing: 0, changed: 0 } }),
      },
    ])
  })

  it('refuses unknown ids and a relink without a folder', async () => {
    const dir = tempDir()
    const unknown = await cli(['verify', '--library', dir, '--ids', 'nope,other'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No asset with id nope, other/)
    const noFolder = await cli(['relink', '--library', dir])
    expect(noFolder.code).toBe(2)
    expect(noFolder.stderr).toMatch(/relink needs a folder/)
  })
})
