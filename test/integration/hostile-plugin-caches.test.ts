import Database from 'better-sqlite3'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { dispatch } from '../../main/dispatch'
import { openExternalCaches } from '../../main/services/analyses/external-caches'
import type { Envelope } from '../../shared/errors'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const HASH = `sha256:${'a'.repeat(64)}`
const COLUMNS =
  'id INTEGER PRIMARY KEY, file_path TEXT, file_hash TEXT, config_hash TEXT, ranges TEXT, metadata TEXT, created_at REAL'
const MB = 2 ** 20

/** A database whose cache tables are made by `sql`, then edited by `edit`: another program's idea of them. */
function databaseOf(sql: string, edit?: (db: Database.Database) => void): string {
  const file = path.join(tempDir(), 'other_plugin.db')
  const db = new Database(file)
  try {
    db.exec(sql)
    edit?.(db)
  } finally {
    db.close()
  }
  return file
}

/** Gives schema object `name` the SQL `sql`, as a program with collations or modules of its own could have made it. */
const schemaOf = (name: string, sql: string) => (db: Database.Database) => {
  db.unsafeMode(true) // leaves SQLite's defensive mode, which guards the schema
  db.pragma('writable_schema = ON')
  db.prepare('UPDATE sqlite_master SET sql = ? WHERE name = ?').run(sql, name)
}

/** Sends a request, noting whether the event loop turned before it answered: the host was free to serve others. */
async function answerAndTurn(
  lib: ReturnType<typeof testLibrary>,
  channel: string,
  input: unknown,
): Promise<{ answer: Envelope<unknown>; turned: boolean }> {
  let turned = false
  const immediate = setImmediate(() => (turned = true))
  const answer = await dispatch(lib, channel, input)
  clearImmediate(immediate)
  return { answer, turned }
}

// Tables a person may pick that are not the plugins' schema: a column missing, a column of another
// type, values of other types in the plugins' own columns. Each answer names the table and column.
const HOSTILE: Array<{ case: string; sql: string; says: RegExp }> = [
  {
    case: 'analysis_jobs without created_at',
    sql: 'CREATE TABLE analysis_jobs (id INTEGER PRIMARY KEY, file_path TEXT, file_hash TEXT, config_hash TEXT, ranges TEXT, metadata TEXT)',
    says: /analysis_jobs table has no created_at column/,
  },
  {
    case: 'processing_jobs with other columns',
    sql: 'CREATE TABLE processing_jobs (id INTEGER PRIMARY KEY, name TEXT, created_at REAL)',
    says: /processing_jobs table has no job_id, action, input_path, input_hash, output_path, output_hash, parameters, metadata columns/,
  },
  {
    case: 'a text id',
    sql: `CREATE TABLE analysis_jobs (id TEXT, file_path TEXT, file_hash TEXT, config_hash TEXT, ranges TEXT, metadata TEXT, created_at REAL);
          INSERT INTO analysis_jobs VALUES ('one', '/a.mp4', '${HASH}', 'sha256:01', NULL, NULL, 1)`,
    says: /analysis_jobs\.id holds text in its 1st newest row, where a plugin's cache keeps an integer/,
  },
  {
    case: 'created_at as ISO text',
    sql: `CREATE TABLE analysis_jobs (id INTEGER PRIMARY KEY, file_path TEXT, file_hash TEXT, config_hash TEXT, ranges TEXT, metadata TEXT, created_at TEXT);
          INSERT INTO analysis_jobs VALUES (7, '/a.mp4', '${HASH}', 'sha256:01', NULL, NULL, '2026-11-22T10:00:00Z')`,
    says: /analysis_jobs\.created_at holds text in the row with id 7, where a plugin's cache keeps a number/,
  },
  {
    case: 'a NULL path',
    sql: `CREATE TABLE processing_jobs (id INTEGER PRIMARY KEY, job_id TEXT, action TEXT, input_path TEXT, input_hash TEXT,
            output_path TEXT, output_hash TEXT, parameters TEXT, metadata TEXT, created_at REAL);
          INSERT INTO processing_jobs VALUES (3, 'p', 'convert', NULL, '${HASH}', '/o.mp4', '${HASH}', NULL, NULL, 1)`,
    says: /processing_jobs\.input_path holds NULL in the row with id 3, where a plugin's cache keeps text/,
  },
  {
    case: 'a blob of ranges',
    sql: `CREATE TABLE analysis_jobs (id INTEGER PRIMARY KEY, file_path TEXT, file_hash TEXT, config_hash TEXT, ranges BLOB, metadata TEXT, created_at REAL);
          INSERT INTO analysis_jobs VALUES (2, '/a.mp4', '${HASH}', 'sha256:01', x'00ff', NULL, 1.5)`,
    says: /analysis_jobs\.ranges holds a blob in the row with id 2, where a plugin's cache keeps JSON text or NULL/,
  },
]

describe('caches:open on a database that is not a plugin cache', () => {
  for (const { case: name, sql, says } of HOSTILE) {
    it(`refuses ${name} in words naming the table and column`, async () => {
      const lib = testLibrary()
      const file = databaseOf(sql)
      const answer = await dispatch(lib, 'caches:open', { path: file })
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation' } })
      if (answer.ok) return
      expect(answer.error.message).toMatch(says)
      expect(answer.error.message).toContain(file)
    })
  }

  it('still reads an older processing_jobs without config_hash', async () => {
    const lib = testLibrary()
    const file =
      databaseOf(`CREATE TABLE processing_jobs (id INTEGER PRIMARY KEY, job_id TEXT, action TEXT, input_path TEXT,
        input_hash TEXT, output_path TEXT, output_hash TEXT, parameters TEXT, metadata TEXT, created_at REAL);
      INSERT INTO processing_jobs VALUES (1, 'p', 'convert', '/i.mp4', '${HASH}', '/o.mp4', '${HASH}', '{}', NULL, 2.5)`)
    const answer = await dispatch(lib, 'caches:open', { path: file })
    expect(answer).toMatchObject({ ok: true, data: { processing: [{ jobId: 'p', configHash: '', parameters: {} }] } })
  })
})

// What SQLite can open but not read here, and JSON no reader should walk; each refused in words by both channels.
const UNREADABLE: Array<{ case: string; file: () => string; says: (file: string) => string }> = [
  {
    case: 'a collation of its own',
    file: () =>
      databaseOf(
        `CREATE TABLE analysis_jobs (${COLUMNS}); INSERT INTO analysis_jobs VALUES (7, '/a.mp4', '${HASH}', 'c', NULL, NULL, 1)`,
        // Sorting by created_at, newest first, needs its collation.
        schemaOf('analysis_jobs', `CREATE TABLE analysis_jobs (${COLUMNS.replace('REAL', 'REAL COLLATE mycoll')})`),
      ),
    says: (file) => `${file} uses a collation (mycoll) this program does not have.`,
  },
  {
    case: 'a virtual table of an unknown module',
    file: () =>
      databaseOf(
        `CREATE TABLE analysis_jobs (${COLUMNS})`,
        schemaOf('analysis_jobs', `CREATE VIRTUAL TABLE analysis_jobs USING nosuchmodule(${COLUMNS})`),
      ),
    says: (file) => `${file} uses a virtual table module (nosuchmodule) this program does not have.`,
  },
  {
    case: 'ranges of 100,000 nested lists',
    file: () =>
      databaseOf(`CREATE TABLE analysis_jobs (${COLUMNS})`, (db) =>
        db
          .prepare('INSERT INTO analysis_jobs VALUES (7, ?, ?, ?, ?, NULL, 1)')
          .run('/a.mp4', HASH, 'c', '['.repeat(100_000) + ']'.repeat(100_000)),
      ),
    says: (file) =>
      `${file}: analysis_jobs.ranges holds JSON nested deeper than 64 levels in the row with id 7, more than this program reads.`,
  },
]

describe('plugin files SQLite cannot read here', () => {
  for (const { case: name, file: make, says } of UNREADABLE) {
    it(`caches:open refuses ${name} in words`, async () => {
      const file = make()
      const answer = await dispatch(testLibrary(), 'caches:open', { path: file })
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation', message: says(file) } })
    })

    it(`caches:adopt-rows refuses ${name} in words`, async () => {
      const lib = testLibrary()
      const assetId = (await importAndWait(lib, [fixtures.mp4])).items[0]!.asset!.id
      const file = make()
      const answer = await dispatch(lib, 'caches:adopt-rows', { path: file, assetId, rowIds: [7] })
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation', message: says(file) } })
    })
  }
})

describe('plugin files that would hold up the host', () => {
  it('answers at once that a file locked by another process is locked, serving other requests meanwhile', async () => {
    const lib = testLibrary()
    const file = databaseOf(`CREATE TABLE analysis_jobs (${COLUMNS})`)
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); setInterval(() => {}, 60000)`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await once(holder.stdout, 'data')
      const answered: string[] = []
      const locked = answerAndTurn(lib, 'caches:open', { path: file }).then((result) => {
        answered.push('caches:open')
        return result
      })
      await dispatch(lib, 'media:list', { limit: 10 }).then(() => answered.push('media:list'))
      const { answer, turned } = await locked
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: `${file} is locked by another program: try again when it is done.` },
      })
      expect(answered).toEqual(['media:list', 'caches:open'])
      expect(turned).toBe(true)
    } finally {
      holder.kill()
    }
  })

  it('refuses a named pipe in words without opening it', async () => {
    const file = path.join(tempDir(), 'plugin.db')
    execFileSync('mkfifo', [file])
    const answer = await dispatch(testLibrary(), 'caches:open', { path: file })
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'validation', message: `${file} is a named pipe, not a database file.` },
    })
  })

  it('refuses a value of more than 32 MB before loading it, the host free meanwhile', async () => {
    const file = databaseOf(`CREATE TABLE analysis_jobs (${COLUMNS})`, (db) => {
      const insert = db.prepare('INSERT INTO analysis_jobs VALUES (?, ?, ?, ?, ?, NULL, ?)')
      for (const id of [1, 2, 3]) insert.run(id, '/a.mp4', HASH, `c${id}`, 'x'.repeat(40 * MB), id)
    })
    const { answer, turned } = await answerAndTurn(testLibrary(), 'caches:open', { path: file })
    // The error alone: an answer holding the rows would be too long to print.
    expect(answer.ok ? 'answered' : answer.error).toEqual({
      code: 'too_large',
      message: `${file}: a value in analysis_jobs (ranges, the row with id 3) is larger than 32 MB, more than this program reads.`,
    })
    expect(turned).toBe(true)
  })

  it('refuses rows holding more than the bytes one read may take', async () => {
    const file = databaseOf(`CREATE TABLE analysis_jobs (${COLUMNS})`, (db) => {
      const insert = db.prepare('INSERT INTO analysis_jobs VALUES (?, ?, ?, ?, NULL, ?, ?)')
      for (let id = 1; id <= 10; id++) insert.run(id, '/a.mp4', HASH, `c${id}`, `"${'m'.repeat(MB)}"`, id)
    })
    const limits = { valueBytes: 2 * MB, totalBytes: 4 * MB }
    const refusal = await openExternalCaches(testLibrary(), file, { limits }).then(
      () => 'answered',
      (error: unknown) => error,
    )
    expect(refusal).toMatchObject({
      code: 'too_large',
      message: `${file}: its analysis_jobs rows hold more than 4 MB, more than this program reads at once.`,
    })
  })
})
