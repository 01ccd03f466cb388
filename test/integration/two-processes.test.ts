import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, copyFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { spawnCli } from '../helpers/cli'
import { http } from '../helpers/http'
import { expectRowsMatchTheirFiles, sha256Of } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

const DISTINCT_STILLS = 150
const TOKEN = 'two-processes-test-token'

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

type Outcome = { path: string; outcome: string; asset: { id: string } | null; reason: string | null }

/**
 * A folder of new files: distinct stills, a clip and its byte copy, and a sampled-id collision
 * pair (same sampled id, different SHA-256), which two processes may place under one final path.
 */
function sourceFolder(): { dir: string; files: string[]; distinct: number } {
  const dir = tempDir()
  const files = Array.from({ length: DISTINCT_STILLS }, (_, index) => {
    const file = path.join(dir, `still-${String(index).padStart(2, '0')}.jpg`)
    copyFileSync(fx.jpg, file)
    appendFileSync(file, `tail ${index}`)
    return file
  })
  for (const fixture of [fx.mp4, fx.duplicate, fx.collisionA, fx.collisionB]) {
    const file = path.join(dir, path.basename(fixture))
    copyFileSync(fixture, file)
    files.push(file)
  }
  return { dir, files, distinct: DISTINCT_STILLS + 3 }
}

/** Waits for a child's exit, collecting its output. */
function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

function outcomesOf(stdout: string): Outcome[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Outcome)
}

/** The invariants two importing processes must keep; returns the outcome counts of each job. */
function checkLibrary(library: string, files: string[], distinct: number, earlierJobs = 0) {
  const db = new Database(path.join(library, 'library.db'), { readonly: true })
  try {
    const rows = expectRowsMatchTheirFiles(db)
    expect(new Set(rows.map((row) => row.file_hash))).toEqual(new Set(files.map(sha256Of)))
    expect(rows).toHaveLength(distinct)
    const jobs = db
      .prepare<[], { id: string; state: string }>(
        "SELECT id, state FROM jobs WHERE kind = 'import' ORDER BY created_at",
      )
      .all()
      .slice(earlierJobs)
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done'])
    const counts = jobs.map((job) => {
      const items = db
        .prepare<[string], { seq: number; outcome: string }>('SELECT seq, outcome FROM import_items WHERE job_id = ?')
        .all(job.id)
      expect(items.map((item) => item.seq).sort((a, b) => a - b)).toEqual(files.map((_, seq) => seq))
      const count = (outcome: string) => items.filter((item) => item.outcome === outcome).length
      return { imported: count('imported'), duplicate: count('duplicate'), failed: count('failed') }
    })
    expect(counts.map((c) => c.failed)).toEqual([0, 0])
    // Every distinct content was imported by exactly one of the two processes.
    const importedIds = jobs.flatMap((job) =>
      db
        .prepare<[string], string>("SELECT asset_id FROM import_items WHERE job_id = ? AND outcome = 'imported'")
        .pluck()
        .all(job.id),
    )
    expect(importedIds).toHaveLength(distinct)
    expect(new Set(importedIds).size).toBe(distinct)
    return counts
  } finally {
    db.close()
  }
}

describe('two processes importing into one library', () => {
  it('CLI + CLI on the same folder of new files: every file one outcome, each content once', async () => {
    const { dir, files, distinct } = sourceFolder()
    const library = tempDir()
    const [a, b] = await Promise.all(
      [0, 1].map(() => finished(spawnCli(['import', '--no-thumbnails', '--library', library, dir]))),
    )
    for (const run of [a!, b!]) {
      expect(run.stderr).not.toMatch(/UNIQUE|framevault:/)
      expect(run.code).toBe(0)
      const outcomes = outcomesOf(run.stdout)
      expect(outcomes.map((o) => o.path).sort()).toEqual([...files].sort())
      expect(outcomes.filter((o) => o.outcome === 'failed')).toEqual([])
    }
    const counts = checkLibrary(library, files, distinct)
    console.log(`CLI + CLI outcome counts: ${JSON.stringify(counts)}`)
  }, 120_000)

  it('web host (uploads) + CLI (paths) on the same new files', async () => {
    const { dir, files, distinct } = sourceFolder()
    const library = tempDir()
    const host = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('test/helpers/web-host-child.ts'), library, TOKEN],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const hostDone = finished(host)
    const port = await new Promise<number>((resolve, reject) => {
      host.stdout!.on('data', (chunk: Buffer) => {
        const match = /"port":(\d+)/.exec(chunk.toString())
        if (match) resolve(Number(match[1]))
      })
      host.once('exit', () => reject(new Error('the web host stopped before it listened')))
    })
    const api = async (channel: string, body: unknown) => {
      const reply = await http(port, {
        method: 'POST',
        path: `/api/${channel}`,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return reply.json() as { ok: boolean; data: Record<string, unknown> }
    }
    const upload = async (file: string) => {
      const reply = await http(port, {
        method: 'POST',
        path: `/upload?name=${encodeURIComponent(path.basename(file))}`,
        headers: { authorization: `Bearer ${TOKEN}` },
        body: readFileSync(file),
      })
      const { uploadId } = (reply.json() as { data: { uploadId: string } }).data
      return { uploadId, name: path.basename(file) }
    }
    const importUploads = async (uploads: Array<{ uploadId: string; name: string }>) => {
      const started = await api('media:import-uploads', { uploads })
      expect(started.ok).toBe(true)
      const jobId = (started.data.job as { id: string }).id
      let state = 'queued'
      while (state === 'queued' || state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100))
        state = ((await api('import:get', { jobId })).data.job as { state: string }).state
      }
    }
    try {
      // A first, failing import starts the host's ffprobe helper and hashers, so its real
      // import begins as soon as it is asked and overlaps the CLI's.
      await importUploads([await upload(fx.textAsMp4)])
      const uploads = []
      // In the opposite order to the CLI's, so the two imports meet in the middle of the folder.
      for (const file of [...files].reverse()) uploads.push(await upload(file))
      // The web import starts once the CLI has recorded its first outcome, so both run at once.
      const cli = spawnCli(['import', '--no-thumbnails', '--library', library, dir])
      const cliDone = finished(cli)
      await new Promise<void>((resolve) => cli.stdout!.once('data', () => resolve()))
      await importUploads(uploads)
      const run = await cliDone
      expect(run.stderr).not.toMatch(/UNIQUE|framevault:/)
      expect(run.code).toBe(0)
      expect(outcomesOf(run.stdout)).toHaveLength(files.length)
    } finally {
      host.kill('SIGTERM')
      await hostDone
    }
    // Uploads are listed under their names; the job rows count per seq either way.
    const counts = checkLibrary(library, files, distinct, 1)
    console.log(`web host + CLI outcome counts (CLI, web by job creation): ${JSON.stringify(counts)}`)
  }, 120_000)
})
