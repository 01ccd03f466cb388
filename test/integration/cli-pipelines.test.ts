import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { cli, jsonLines } from '../helpers/cli'
import { tempDir } from '../helpers/temp-dir'

// Issue 19's CLI: timeline, pipeline run, checkpoint ls / show / replay / diff / prune, as JSON lines.

type Line = Record<string, unknown>

describe('pipeline commands', () => {
  it('run, replay, list the tree, compare and prune', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const library = path.join(dir, 'library')
    const run = (...args: string[]) => cli([...args, '--library', library])
    const imported = await run('import', '--no-thumbnails', writeWordClip(dir))
    const assetId = jsonLines<{ asset: { id: string } }>(imported.stdout)[0]!.asset.id

    const created = await run('timeline', 'create', assetId, '--fps', '1')
    expect(created.code).toBe(0)
    expect(jsonLines<Line>(created.stdout)[0]).toMatchObject({ ran: ['frames'], cached: [] })
    const timelines = jsonLines<Line>((await run('timeline', 'show', assetId)).stdout)
    expect(timelines).toEqual([expect.objectContaining({ fps: 1, profile: 'default', status: 'ready', frameCount: 8 })])

    const first = await run(
      'pipeline',
      'run',
      assetId,
      '--stages',
      'frames,dedupe_frames,text,match',
      '--config',
      '{"frames":{"fps":1},"match":{"terms":["ACME"]}}',
    )
    expect(first.code).toBe(0)
    const [summary, root, , text, match] = jsonLines<Line>(first.stdout)
    expect(summary).toMatchObject({ ran: ['dedupe_frames', 'text', 'match'], cached: ['frames'] })
    expect(match).toMatchObject({ stage: 'match', parentId: text!.id, stats: { detections: 1, frames_extracted: 8 } })

    const replay = await run(
      'checkpoint',
      'replay',
      String(text!.id),
      '--config',
      '{"match":{"terms":["nothing"]}}',
      '--label',
      'no terms',
    )
    const [replayed, branch] = jsonLines<Line>(replay.stdout)
    expect(replayed).toMatchObject({ ran: ['match'], cached: [] })
    expect(branch).toMatchObject({
      parentId: text!.id,
      isScenario: true,
      scenarioLabel: 'no terms',
      stats: { detections: 0 },
    })

    const tree = jsonLines<Line>((await run('checkpoint', 'ls', assetId)).stdout)
    expect(tree.map((line) => [line.stage, line.depth])).toEqual([
      [null, 0],
      ['dedupe_frames', 1],
      ['text', 2],
      ['match', 3],
      ['match', 3],
    ])
    const shown = jsonLines<{ outputs: { match: { detections: { term: string }[] } } }>(
      (await run('checkpoint', 'show', String(match!.id))).stdout,
    )[0]!
    expect(shown.outputs.match.detections.map((one) => one.term)).toEqual(['ACME'])

    const diff = jsonLines<{ rows: { path: string; values: unknown[] }[] }>(
      (await run('checkpoint', 'diff', String(match!.id), String(branch!.id))).stdout,
    )[0]!
    expect(diff.rows.map((row) => row.path)).toEqual(['config.match.terms', 'key.match', 'stats.detections'])
    expect(diff.rows[0]!.values).toEqual([['ACME'], ['nothing']])
    const everything = jsonLines<{ rows: unknown[] }>(
      (await run('checkpoint', 'diff', String(match!.id), String(branch!.id), '--all')).stdout,
    )[0]!
    expect(everything.rows.length).toBeGreaterThan(diff.rows.length)

    // The labelled branch stays; the other match leaf goes; the root's first timeline (1 fps) is shared.
    const pruned = await run('checkpoint', 'prune', assetId, '--keep', '0')
    expect(jsonLines<Line>(pruned.stdout)).toEqual([{ deleted: 1 }])
    const left = jsonLines<Line>((await run('checkpoint', 'ls', assetId)).stdout).map((line) => line.id)
    expect(left).toEqual([root!.id, tree[1]!.id, text!.id, branch!.id])

    const refused = await run('pipeline', 'run', assetId, '--stages', 'match')
    expect(refused.code).toBe(1)
    expect(jsonLines<{ job: { error: string } }>(refused.stdout)[0]!.job.error).toMatch(
      /match needs text: put it before match/,
    )
  })
})
