import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLibrary } from '../../main/app/open-library'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool } from '../../main/media/tool-io'
import { makeVhsMp4 } from '../fixtures/generation-fixtures'
import { median, percent, printTable, progress, seconds, target, timedAsync, type Row } from './figures'

const CLIPS = 1_000
const ROUNDS = 5
// Issue 10, item 9: clips carrying a ComfyUI workflow import at most 10% slower than the same clips without.
const GOAL = 1.1
// The fixture's seed, written as text in both tags; each copy gets its own seed of the same width.
const SEED = '5551212'

/**
 * `npm run bench -- generation`: 1,000 VideoHelperSuite clips (mp4 `prompt` and `workflow` tags, each
 * with its own seed, so each is its own execution) imported beside the same 1,000 clips with the tags
 * stripped, in fresh libraries, alternating which goes first; thumbnails off, so the row weighs what
 * reading and storing provenance adds to the import itself.
 */
export async function runGenerationBench(): Promise<void> {
  const loadBefore = os.loadavg()[0]!.toFixed(2)
  const root = mkdtempSync(path.join(os.tmpdir(), 'framevault-generation-bench-'))
  try {
    progress(`making ${CLIPS} clips with a ComfyUI workflow and ${CLIPS} without`)
    const folders = await makeClips(root)
    const times = { plain: [] as number[], tagged: [] as number[] }
    let stored = { generations: 0, workflows: 0, executions: 0 }
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['plain', 'tagged'] as const) : (['tagged', 'plain'] as const)
      for (const set of order) {
        progress(`round ${round + 1}/${ROUNDS}: importing the ${set} clips`)
        const { secs, counts } = await importFolder(path.join(root, `lib-${set}-${round}`), folders[set])
        times[set].push(secs)
        if (set === 'tagged') stored = counts
      }
    }
    const ratio = median(times.tagged) / median(times.plain)
    const rows: Row[] = [
      {
        measure: `Import ${CLIPS} clips without tags, baseline (median of ${ROUNDS})`,
        result: seconds(median(times.plain)),
      },
      {
        measure: `Import ${CLIPS} clips with a ComfyUI workflow (median of ${ROUNDS})`,
        result: seconds(median(times.tagged)),
      },
      {
        measure: 'With a workflow ÷ without',
        result: `${ratio.toFixed(3)} (${percent(Math.abs(ratio - 1))} ${ratio >= 1 ? 'more' : 'less'} time)`,
        ...target(ratio <= GOAL, `≤ ${GOAL}`),
      },
      {
        measure: 'Stored from the tagged clips',
        result: `${stored.generations} details, ${stored.workflows} workflow, ${stored.executions} executions`,
      },
    ]
    console.log(`\nGeneration provenance benchmark: ${os.cpus().length} CPUs, load average before ${loadBefore}\n`)
    printTable(rows)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** One tagged clip and a copy with its tags stripped, each copied CLIPS times with a distinct tail (and seed). */
async function makeClips(root: string): Promise<{ plain: string; tagged: string }> {
  const { ffmpeg } = resolveMediaTools()
  const encode = async (dest: string, args: string[], format: string) => {
    await runTool(ffmpeg, ['-v', 'error', '-nostdin', '-y', ...args, '-f', format, dest])
  }
  const tagged = path.join(root, 'tagged.mp4')
  const plain = path.join(root, 'plain.mp4')
  await makeVhsMp4(tagged, encode)
  await runTool(ffmpeg, ['-v', 'error', '-y', '-i', tagged, '-map_metadata', '-1', '-c', 'copy', '-f', 'mp4', plain])
  const folders = { plain: path.join(root, 'plain'), tagged: path.join(root, 'tagged') }
  const bytes = { plain: readFileSync(plain), tagged: readFileSync(tagged) }
  if (!bytes.tagged.includes(SEED)) throw new Error(`the tagged clip does not hold seed ${SEED}`)
  for (const set of ['plain', 'tagged'] as const) {
    mkdirSync(folders[set])
    for (let n = 0; n < CLIPS; n += 1) {
      const seed = String(1_000_000 + n)
      const body =
        set === 'tagged' ? Buffer.from(bytes.tagged.toString('latin1').replaceAll(SEED, seed), 'latin1') : bytes[set]
      writeFileSync(path.join(folders[set], `clip-${n}.mp4`), Buffer.concat([body, freeBox(n)]))
    }
  }
  return folders
}

/** A top-level MP4 `free` box holding `n`: players skip it, and it makes each copy's bytes its own. */
function freeBox(n: number): Buffer {
  const box = Buffer.alloc(16)
  box.writeUInt32BE(16, 0)
  box.write('free', 4, 'latin1')
  box.writeBigUInt64BE(BigInt(n), 8)
  return box
}

async function importFolder(
  dir: string,
  folder: string,
): Promise<{ secs: number; counts: { generations: number; workflows: number; executions: number } }> {
  const lib = openLibrary(dir, { ingest: { thumbnailsAfterImport: false } })
  try {
    const secs = await timedAsync(async () => {
      const job = await lib.importer.start({ source: 'paths', paths: [folder], link: false, importedBy: 'bench' })
      await lib.importer.settled(job.id)
    })
    const count = (table: string) => lib.sqlite.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    if (count('videos') !== CLIPS) throw new Error(`imported ${count('videos')} of ${CLIPS} clips`)
    return {
      secs,
      counts: {
        generations: count('video_generation'),
        workflows: count('workflows'),
        executions: count('workflow_executions'),
      },
    }
  } finally {
    await lib.close()
  }
}
