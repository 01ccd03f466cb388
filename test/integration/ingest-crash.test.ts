import { appendFileSync, copyFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { openLibrary } from '../../main/app/open-library'
import { ensureFixtures, type Fixtures } from '../fixtures/make-fixtures'
import { cli, spawnCli } from '../helpers/cli'
import { expectRowsMatchTheirFiles, sha256Of } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

const FILES = 500

let fx: Fixtures
beforeAll(async () => {
  fx = await ensureFixtures()
})

/** 500 distinct, valid images: the jpg fixture with a different tail each (decoders ignore bytes after EOI). */
function makeSources(): string[] {
  const dir = tempDir()
  return Array.from({ length: FILES }, (_, index) => {
    const file = path.join(dir, `still-${String(index).padStart(3, '0')}.jpg`)
    copyFileSync(fx.jpg, file)
    appendFileSync(file, `tail ${index}`)
    return file
  })
}

/** Runs the CLI import and kills it with SIGKILL once it has printed `afterLines` outcomes. */
function importAndKill(library: string, source: string, afterLines: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawnCli(['import', '--library', library, source])
    let printed = 0
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk.split('\n').length - 1
      if (printed >= afterLines) child.kill('SIGKILL')
    })
    child.on('exit', () => resolve(printed))
  })
}

/** Every file under a final name in media/ (temp files live in tmp/). */
function mediaFiles(library: string): string[] {
  const root = path.join(library, 'media')
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/** The invariants a kill -9 must never break, once the library has been opened again. */
async function checkConsistent(library: string, sourceHashes: Set<string>): Promise<number> {
  // The next open finishes what the kill left between placing a file and writing its row.
  await openLibrary(library).close()
  const db = new Database(path.join(library, 'library.db'))
  try {
    const rows = expectRowsMatchTheirFiles(db)
    const files = mediaFiles(library)
    for (const file of files) expect(sourceHashes.has(sha256Of(file))).toBe(true)
    // No file in media/ that no row names (every asset here is a copy).
    expect(files.length).toBe(rows.length)
    return rows.length
  } finally {
    db.close()
  }
}

describe('crash safety', () => {
  it('survives kill -9 at several points of a 500-file import, and a rerun completes it without duplicates', async () => {
    const sources = makeSources()
    const sourceDir = path.dirname(sources[0]!)
    const sourceHashes = new Set(sources.map(sha256Of))
    const library = tempDir()

    const killedAfter: number[] = []
    let rows = 0
    for (const afterLines of [1, 90, 260]) {
      killedAfter.push(await importAndKill(library, sourceDir, afterLines))
      const now = await checkConsistent(library, sourceHashes)
      expect(now).toBeGreaterThanOrEqual(rows)
      expect(now).toBeLessThan(FILES)
      rows = now
    }
    expect(killedAfter[0]).toBeGreaterThanOrEqual(1)

    const final = await cli(['import', '--library', library, sourceDir])
    expect(final.code).toBe(0)
    const outcomes = final.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { outcome: string }).outcome)
    expect(outcomes).toHaveLength(FILES)
    expect(outcomes.filter((o) => o === 'duplicate').length).toBe(rows)
    expect(outcomes.filter((o) => o === 'imported').length).toBe(FILES - rows)
    expect(await checkConsistent(library, sourceHashes)).toBe(FILES)

    const db = new Database(path.join(library, 'library.db'), { readonly: true })
    try {
      expect(db.prepare('SELECT COUNT(DISTINCT file_hash) FROM videos').pluck().get()).toBe(FILES)
      const states = db.prepare("SELECT state FROM jobs WHERE kind = 'import' ORDER BY created_at").pluck().all()
      expect(states).toEqual(['failed', 'failed', 'failed', 'done'])
    } finally {
      db.close()
    }
    expect(readdirSync(path.join(library, 'tmp')).filter((name) => !name.startsWith(`${process.pid}-`))).toEqual([])
  }, 300_000)
})
