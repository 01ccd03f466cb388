import { spawn } from 'node:child_process'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { tempDir } from '../helpers/temp-dir'

const CHILD = path.resolve('test/helpers/open-library-child.ts')
const TRIALS = 10
const PROCESSES = 4

/**
 * Starts a child that opens each folder it is sent; `open` resolves to its answer, or to the
 * child's output when it dies first.
 */
async function child() {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'pipe'] })
  let err = ''
  let pending = ''
  const answers: Array<(line: string) => void> = []
  proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  proc.stdin.on('error', () => undefined)
  const exited = new Promise<string>((resolve) =>
    proc.once('exit', (code) => resolve(`child exited (${code}): ${err}`)),
  )
  const ready = new Promise<void>((resolve, reject) => {
    answers.push((line) => (line === 'ready' ? resolve() : reject(new Error(`child said ${line} before ready`))))
    proc.once('error', reject)
    void exited.then((why) => reject(new Error(`child exited before it was ready: ${why}`)))
  })
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
      answers.shift()?.(pending.slice(0, end))
      pending = pending.slice(end + 1)
    }
  })
  await ready
  return {
    /** Sends `dir`; resolves to the child's answer line, or why it has none. */
    open: (dir: string) =>
      Promise.race([new Promise<string>((resolve) => (answers.push(resolve), proc.stdin.write(`${dir}\n`))), exited]),
    /** Ends the child (it exits when its input ends) and waits until it has. */
    stop: () => (proc.stdin.end(), exited),
  }
}

describe('processes creating one fresh library at once', () => {
  it(`all succeed, once, in ${TRIALS} trials of ${PROCESSES} processes`, async () => {
    const latest = migrations.at(-1)!.version
    const failures: string[] = []
    // The same children serve every trial, each trial with a new folder, all children sent it at once.
    const children = await Promise.all(Array.from({ length: PROCESSES }, () => child()))
    onTestFinished(async () => void (await Promise.all(children.map((c) => c.stop()))))
    for (let trial = 0; trial < TRIALS; trial++) {
      const dir = path.join(tempDir(), 'library')
      const answers = await Promise.all(children.map((c) => c.open(dir)))
      for (const answer of answers) if (!answer.startsWith('{"ok":true,')) failures.push(`trial ${trial}: ${answer}`)

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
