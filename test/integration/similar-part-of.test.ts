import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChannelOutput } from '../../shared/contract'
import type { LocalLibrary } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { activeHashJob } from '../../main/services/similar/hash-job'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { call, suiteTempDir } from '../helpers/browse'
import { PHOTO } from '../helpers/footage-variants'
import { importAndWait } from '../helpers/ingest'

type Groups = ChannelOutput<'similar:groups'>
type Group = Groups['groups'][number]

const { ffmpeg } = resolveMediaTools()
const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-an']
const encode = (args: string[]) => runTool(ffmpeg, ['-v', 'error', '-y', ...args])

// A 24 s pan over a real photograph; two 6 s parts of it (seconds 2–8 and 14–20) and copies of each.
const CLIPS: { name: string; from: string; args: string[] }[] = [
  { name: 'part-a.mp4', from: 'long.mp4', args: ['-ss', '2', '-t', '6', ...H264] },
  { name: 'part-b.mp4', from: 'long.mp4', args: ['-ss', '14', '-t', '6', ...H264] },
  { name: 'part-a-copy.mp4', from: 'part-a.mp4', args: [...H264, '-b:v', '60k'] },
  { name: 'part-b-twin.mp4', from: 'part-b.mp4', args: [...H264, '-b:v', '80k'] },
  { name: 'part-b-copy.mp4', from: 'part-b.mp4', args: [...H264, '-b:v', '60k'] },
  // The same footage as long.mp4: a second shorter at the best quality, and the whole in a codec no browser plays.
  { name: 'long-cut.mp4', from: 'long.mp4', args: ['-t', '22', ...H264, '-crf', '8'] },
  { name: 'long-mpeg4.avi', from: 'long.mp4', args: ['-c:v', 'mpeg4', '-q:v', '1', '-an'] },
]

let lib: LocalLibrary
let idOf: Map<string, string>
const nameOf = (id: string) => [...idOf].find(([, value]) => value === id)![0]
const namesOf = (group: Group) => group.members.map((member) => member.asset.name).sort()

async function groups(): Promise<Group[]> {
  const job = await activeHashJob(lib)
  if (job) await lib.jobs.settled(job.id)
  return (await call<Groups>(lib, 'similar:groups', {})).groups
}

beforeAll(async () => {
  const dir = suiteTempDir()
  const pan = `scale=1024:1024,crop=480:270:'t*20':'t*12'`
  await encode([
    '-loop',
    '1',
    '-framerate',
    '25',
    '-t',
    '24',
    '-i',
    PHOTO,
    '-vf',
    pan,
    ...H264,
    path.join(dir, 'long.mp4'),
  ])
  for (const clip of CLIPS) await encode(['-i', path.join(dir, clip.from), ...clip.args, path.join(dir, clip.name)])
  lib = openLibrary(suiteTempDir(), { hashAfterImports: true })
  const names = ['long.mp4', ...CLIPS.map((clip) => clip.name)]
  const { items } = await importAndWait(
    lib,
    names.map((name) => path.join(dir, name)),
  )
  idOf = new Map(items.map((item) => [path.basename(item.path), item.asset!.id]))
}, 180_000)
afterAll(() => lib.close())

describe('near-duplicates are copies of the same footage, not parts of it (issue 37 point 2)', () => {
  it('never groups two parts through the clip they lie in; the clip lists them instead', async () => {
    const found = await groups()
    expect(found.map(namesOf).sort()).toEqual([
      ['long-cut.mp4', 'long-mpeg4.avi', 'long.mp4'],
      ['part-a-copy.mp4', 'part-a.mp4'],
      ['part-b-copy.mp4', 'part-b-twin.mp4', 'part-b.mp4'],
    ])
    const long = found.flatMap((group) => group.members).find((member) => member.asset.name === 'long.mp4')!
    const inside = new Map(long.contains.map((one) => [one.name, [Math.round(one.start), Math.round(one.end)]]))
    expect(inside.get('part-a.mp4')).toEqual([2, 8])
    expect(inside.get('part-b.mp4')).toEqual([14, 20])
    expect([...inside.keys()].sort()).toEqual(
      CLIPS.filter((clip) => clip.name.startsWith('part'))
        .map((c) => c.name)
        .sort(),
    )
  }, 120_000)

  it('keeps the longest footage that plays in the app, before quality and provenance, and says why', async () => {
    const longCut = idOf.get('long-cut.mp4')!
    lib.sqlite.db.prepare('INSERT INTO video_generation (video_id, prompt) VALUES (?, ?)').run(longCut, 'a slow pan')
    const group = (await groups()).find((one) => one.members.some((m) => m.asset.name === 'long.mp4'))!
    expect(nameOf(group.members.find((member) => member.keeper)!.asset.id)).toBe('long.mp4')
    // The runner-up is the whole footage too (in MPEG-4 Part 2, at a higher bitrate): what decided is playing here.
    expect(group.keeperWhy).toBe('it plays in the app; the next best copy does not')
  }, 120_000)

  it('never proposes deleting assets related by how they were made, and says so', async () => {
    const [partB, twin] = [idOf.get('part-b.mp4')!, idOf.get('part-b-twin.mp4')!]
    lib.sqlite.db.exec(`INSERT INTO workflows (id, name, definition, format, definition_hash)
                 VALUES ('w', 'Sweep', '{}', 'comfyui-api', 'h');
               INSERT INTO workflow_executions (id, workflow_id, status, job_id) VALUES
                 ('e1', 'w', 'completed', 'sweep-job'), ('e2', 'w', 'completed', 'sweep-job');`)
    const output = lib.sqlite.db.prepare(
      `INSERT INTO workflow_videos (workflow_id, video_id, node_id, role, execution_id) VALUES ('w', ?, '9', 'output', ?)`,
    )
    output.run(partB, 'e1')
    output.run(twin, 'e2')
    // A proxy of part-a is its own stack's member: with the pair gone, part-a has no near-duplicate left.
    await lib.catalog.repos.stacks.add(idOf.get('part-a-copy.mp4')!, idOf.get('part-a.mp4')!, 'proxy')
    const found = await groups()
    expect(found.map(namesOf)).not.toContainEqual(['part-a-copy.mp4', 'part-a.mp4'])
    const sweep = found.find((group) => group.members.some((m) => m.asset.id === partB))!
    expect(namesOf(sweep)).toEqual(['part-b-copy.mp4', 'part-b-twin.mp4', 'part-b.mp4'])
    const related = new Map(
      sweep.members.map((m) => [m.asset.name, m.relatedBy && [nameOf(m.relatedBy.to), m.relatedBy.reason]]),
    )
    expect(related).toEqual(
      new Map([
        ['part-b.mp4', ['part-b-twin.mp4', 'same-run']],
        ['part-b-twin.mp4', ['part-b.mp4', 'same-run']],
        ['part-b-copy.mp4', null],
      ]),
    )
    // Only the copy may go, whichever sibling is kept: what deleting frees is its size alone, or nothing.
    const copy = sweep.members.find((m) => m.asset.name === 'part-b-copy.mp4')!
    expect(sweep.bytesFreed).toBe(copy.keeper ? 0 : copy.asset.sizeBytes)
  }, 120_000)
})
