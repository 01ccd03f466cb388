import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { tempDir } from '../helpers/temp-dir'

const CHILD = path.resolve('test/helpers/open-library-child.ts')
const TRIALS = 10
const PROCESSES = 4

/** Starts a child that opens `dir` when told; resolves to its start signal and its answer. */
function child(dir: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  proc.stdin.on('error', () => undefined)
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', () => out.includes('ready\n') && resolve())
    proc.once('error', reject)
    proc.once('exit', () => reject(new Error(`child exited before it was ready: ${err}`)))
  })
  const answer = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    proc.once('exit', (code) => resolve({ code, out, err })),
  )
  return { go: () => proc.stdin.end('go\n'), ready, answer }
}

describe('processes creating one fresh library at once', () => {
  it(`all succeed, once, in ${TRIALS} trials of ${PROCESSES} processes`, async () => {
    const latest = migrations.at(-1)!.version
    const failures: string[] = []
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(tempDir(), 'library')
      const children = Array.from({ length: PROCESSES }, () => child(dir))
      await Promise.all(children.map((c) => c.ready))
      for (const c of children) c.go()
      const answers = await Promise.all(children.map((c) => c.answer))
      for (const { code, out, err } of answers) if (code !== 0) failures.push(`trial ${trial}: ${out}${err}`)

      const db = new Database(path.join(dir, 'library.db'), { readonly: true })
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(latest)
        expect(db.prepare('SELECT key, COUNT(*) AS n FROM library_meta GROUP BY key ORDER BY key').all()).toEqual([
          { key: 'created_at', n: 1 },
          { key: 'library_id', n: 1 },
          { key: 'name', n: 1 },
        ])
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      } finally {
        db.close()
      }
    }
    expect(failures).toEqual([])
  }, 180_000)
})
