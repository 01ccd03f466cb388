import Database from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../main/dispatch'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const HASH = `sha256:${'a'.repeat(64)}`

/** A database whose cache tables are made by `sql`: another program's idea of them. */
function databaseOf(sql: string): string {
  const file = path.join(tempDir(), 'other_plugin.db')
  const db = new Database(file)
  try {
    db.exec(sql)
  } finally {
    db.close()
  }
  return file
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
