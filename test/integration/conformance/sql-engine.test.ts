import { describe, expect, it, vi } from 'vitest'
import { UniqueViolation, type SqlEngine } from '../../../main/db/sql/sql-engine'
import { ENGINES, freshEngine, writeElsewhere } from '../../helpers/sql-engines'

// Issue 34: one async interface over a library's SQLite and a hub's PostgreSQL; what repositories rely on.
const makeTable = (sql: SqlEngine) =>
  sql.run('CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL UNIQUE, size integer)')

describe.each(ENGINES)('the %s engine', (dialect) => {
  it('binds ? placeholders in order, leaves a ? inside quotes alone, and gives integers back as numbers', async () => {
    const sql = await freshEngine(dialect)
    expect(sql.dialect).toBe(dialect)
    await makeTable(sql)
    await sql.run('INSERT INTO notes (id, body, size) VALUES (?, ?, ?), (?, ?, ?)', [
      1,
      'why?',
      3,
      9007199254740991,
      'b',
      null,
    ])
    expect(
      await sql.all('SELECT id, body, size, \'a?b\' AS "quoted" FROM notes WHERE body <> ? ORDER BY id', ['?']),
    ).toEqual([
      { id: 1, body: 'why?', size: 3, quoted: 'a?b' },
      { id: 9007199254740991, body: 'b', size: null, quoted: 'a?b' },
    ])
    expect(await sql.get('SELECT count(*) AS n FROM notes')).toEqual({ n: 2 })
    expect(await sql.get('SELECT id FROM notes WHERE id = ?', [7])).toBeUndefined()
    expect(await sql.run('UPDATE notes SET size = ? WHERE size IS NULL OR size < ?', [0, 10])).toEqual({ changes: 2 })
    expect(await sql.get('INSERT INTO notes (id, body) VALUES (?, ?) RETURNING id, body', [5, 'c'])).toEqual({
      id: 5,
      body: 'c',
    })
  })

  it('commits a transaction that resolves, rolls back one that throws, and a savepoint inside on its own', async () => {
    const sql = await freshEngine(dialect)
    await makeTable(sql)
    await sql.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (id, body) VALUES (1, ?)', ['kept'])
      await expect(
        tx.transaction(async (inner) => {
          await inner.run('INSERT INTO notes (id, body) VALUES (2, ?)', ['undone'])
          throw new Error('inner fails')
        }),
      ).rejects.toThrow('inner fails')
      await tx.transaction((inner) => inner.run('INSERT INTO notes (id, body) VALUES (3, ?)', ['also kept']))
    })
    await expect(
      sql.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (id, body) VALUES (4, ?)', ['rolled back'])
        throw new Error('outer fails')
      }),
    ).rejects.toThrow('outer fails')
    expect((await sql.all<{ body: string }>('SELECT body FROM notes ORDER BY id')).map((row) => row.body)).toEqual([
      'kept',
      'also kept',
    ])
  })

  it('reports a unique key refused as UniqueViolation, and the transaction it broke as not done', async () => {
    const sql = await freshEngine(dialect)
    await makeTable(sql)
    await sql.run("INSERT INTO notes (id, body) VALUES (1, 'one')")
    await expect(sql.run("INSERT INTO notes (id, body) VALUES (2, 'one')")).rejects.toBeInstanceOf(UniqueViolation)
    await expect(
      sql.transaction(async (tx) => {
        await tx.run("INSERT INTO notes (id, body) VALUES (3, 'three')")
        await tx.run("INSERT INTO notes (id, body) VALUES (1, 'again')")
      }),
    ).rejects.toBeInstanceOf(UniqueViolation)
    expect(await sql.all('SELECT id FROM notes')).toEqual([{ id: 1 }])
  })

  it('reads one snapshot in a read-only transaction, while another connection writes meanwhile', async () => {
    const sql = await freshEngine(dialect)
    await makeTable(sql)
    await sql.run("INSERT INTO notes (id, body) VALUES (1, 'first')")
    const counts = await sql.transaction(
      async (tx) => {
        const before = await tx.get<{ n: number }>('SELECT count(*) AS n FROM notes')
        // A write lock held here would make this wait (PostgreSQL) or fail busy (SQLite, same thread).
        await writeElsewhere(sql, "INSERT INTO notes (id, body) VALUES (2, 'second')")
        const after = await tx.get<{ n: number }>('SELECT count(*) AS n FROM notes')
        return [before!.n, after!.n]
      },
      { readOnly: true },
    )
    expect(counts).toEqual([1, 1])
    expect(await sql.all('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }])
  })

  it('keeps a transaction whole while other statements wait or run beside it', async () => {
    const sql = await freshEngine(dialect)
    await makeTable(sql)
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const slow = sql.transaction(async (tx) => {
      await tx.run("INSERT INTO notes (id, body) VALUES (1, 'first')")
      await held
      throw new Error('changed its mind')
    })
    // Outside the transaction its insert is never seen (SQLite waits for its end, PostgreSQL isolates it).
    const seen = sql.all('SELECT id FROM notes')
    const written = sql.run("INSERT INTO notes (id, body) VALUES (2, 'second')")
    release()
    await expect(slow).rejects.toThrow('changed its mind')
    expect(await seen).not.toContainEqual({ id: 1 })
    await written
    expect(await sql.all('SELECT id FROM notes')).toEqual([{ id: 2 }])
  })
})

describe('the postgres engine', () => {
  it('fails a transaction whose connection the server drops between two statements, and lives on', async () => {
    const sql = await freshEngine('postgres')
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let backend = 0
    const opened = new Promise<void>((resolve) => {
      void sql
        .transaction(async (tx) => {
          backend = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid
          resolve()
          await held
          return tx.get('SELECT 1 AS one')
        })
        .then(
          () => (outcome = 'committed'),
          (error: Error & { code?: string }) => (outcome = `${error.code}: ${error.message}`),
        )
    })
    let outcome = ''
    await opened
    // A restart, a failover or an admin ending the connection while the transaction waits between statements: the
    // driver reports it as an event, which nothing but the transaction may hear (unheard, it ends the process).
    await sql.get('SELECT pg_terminate_backend(?) AS done', [backend])
    await new Promise((resolve) => setTimeout(resolve, 200))
    release()
    await vi.waitFor(() => expect(outcome).not.toBe(''))
    // Told as a catalogue out of reach (503, try again), the driver's words kept as its cause.
    expect(outcome).toBe("unavailable: The team library's catalogue cannot be reached just now; try again in a moment.")
    // The pool gave up that connection: the next statement runs on another.
    expect(await sql.get('SELECT 2 AS two')).toEqual({ two: 2 })
  })
})
