import type { Database, RunResult, Statement } from 'better-sqlite3'
import { ChangeTopic } from '../../shared/contract'

type Topic = ChangeTopic
const TOPICS = new Set<string>(ChangeTopic.options)

// What a writing statement does to which table: INSERT [OR x] INTO t, REPLACE INTO t, UPDATE [OR x] t, DELETE FROM t.
const WRITE_TARGET =
  /\b((?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:\w+\.)?["`[]?(\w+)/i
// Only statements that begin with one of these write (a SELECT may say "update" in a string).
const WRITING_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:INSERT|REPLACE|UPDATE|DELETE|WITH)\b/i
/**
 * Begins a statement whose writes are bookkeeping no client shows (a stale note, a size kept for a
 * sum): it reports no change.
 */
export const UNTRACKED = '/* untracked */'
// What a foreign key's action does to the child rows when their parent row goes or changes its key.
const FOREIGN_KEY_WRITE: Record<string, string | undefined> = {
  CASCADE: 'DELETE',
  'SET NULL': 'UPDATE',
  'SET DEFAULT': 'UPDATE',
}

/**
 * Wraps `db.prepare` once so that each statement writing a table reports the topics it changed
 * through `changed`, when it changed rows: its table, the tables its triggers write and the tables
 * its foreign keys cascade to (read from the schema, transitively, for what the statement does:
 * an UPDATE of a parent does not touch the children a DELETE would), kept to the ChangeTopic names.
 * The statement is parsed once, at prepare; a statement writing nothing tracked, or marked UNTRACKED,
 * is left as it is.
 */
export function trackChanges(db: Database, changed: (topics: readonly Topic[]) => void): void {
  const reach = followers(db)
  const topicsOf = new Map<string, Topic[]>()
  const topicsOfWrite = (writes: readonly string[]): Topic[] => {
    const key = writes.join(',')
    let topics = topicsOf.get(key)
    if (!topics) {
      const tables = [...closure(writes, reach)].map((write) => write.slice(write.indexOf(' ') + 1))
      topics = [...new Set(tables)].filter((name): name is Topic => TOPICS.has(name))
      topicsOf.set(key, topics)
    }
    return topics
  }
  const prepare = db.prepare.bind(db)
  db.prepare = ((source: string) => {
    const statement = prepare(source)
    const writes = source.startsWith(UNTRACKED) ? [] : writesOf(source)
    const topics = writes.length === 0 ? [] : topicsOfWrite(writes)
    return topics.length === 0 ? statement : reporting(statement, () => changed(topics))
  }) as Database['prepare']
}

/**
 * What a statement writes, as "VERB table" (INSERT, UPDATE or DELETE): none for a read; a REPLACE
 * or an upsert may also delete or update the rows it meets.
 */
export function writesOf(source: string): string[] {
  if (!WRITING_START.test(source)) return []
  const match = WRITE_TARGET.exec(source)
  if (!match) return []
  const table = match[2]!.toLowerCase()
  const verb = match[1]!.toUpperCase()
  if (verb.startsWith('UPDATE')) return [`UPDATE ${table}`]
  if (verb.startsWith('DELETE')) return [`DELETE ${table}`]
  const writes = [`INSERT ${table}`]
  if (/\bREPLACE\b/.test(verb)) writes.push(`DELETE ${table}`)
  if (/\bON\s+CONFLICT\b[\s\S]*\bDO\s+UPDATE\b/i.test(source)) writes.push(`UPDATE ${table}`)
  return writes
}

/** `statement` calling `report` after each run that changed rows (or returned rows, for `RETURNING`). */
function reporting(statement: Statement, report: () => void): Statement {
  const { run, get, all } = statement
  statement.run = function (this: Statement, ...params: unknown[]): RunResult {
    const result = run.apply(this, params)
    if (result.changes > 0) report()
    return result
  } as Statement['run']
  statement.get = function (this: Statement, ...params: unknown[]) {
    const row: unknown = get.apply(this, params)
    if (row !== undefined) report()
    return row
  } as Statement['get']
  statement.all = function (this: Statement, ...params: unknown[]) {
    const rows = all.apply(this, params)
    if (rows.length > 0) report()
    return rows
  } as Statement['all']
  return statement
}

/** Which writes each write ("VERB table") makes too: its triggers' statements and its foreign keys' actions. */
function followers(db: Database): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>()
  const add = (from: string, to: string) => {
    if (from === to) return
    const set = reach.get(from) ?? new Set<string>()
    set.add(to)
    reach.set(from, set)
  }
  const schema = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
  const foreignKeys = db.prepare('SELECT "table" AS parent, on_delete, on_update FROM pragma_foreign_key_list(?)')
  for (const row of schema.all() as { type: string; name: string; tbl_name: string; sql: string | null }[]) {
    const table = row.tbl_name.toLowerCase()
    if (row.type === 'trigger') {
      const sql = row.sql ?? ''
      const begin = sql.search(/\bBEGIN\b/i)
      // The head says on what it fires ("AFTER UPDATE OF x ON t"); the body what it writes.
      const event = /\b(INSERT|UPDATE|DELETE)\b/i.exec(sql.slice(0, begin))?.[1]?.toUpperCase()
      for (const statement of sql.slice(begin).split(';')) {
        for (const write of writesOf(statement.replace(/^\s*BEGIN\b/i, ''))) add(`${event} ${table}`, write)
      }
      continue
    }
    for (const key of foreignKeys.all(row.name) as { parent: string; on_delete: string; on_update: string }[]) {
      const parent = key.parent.toLowerCase()
      const onDelete = FOREIGN_KEY_WRITE[key.on_delete]
      const onUpdate = FOREIGN_KEY_WRITE[key.on_update]
      if (onDelete) add(`DELETE ${parent}`, `${onDelete} ${table}`)
      if (onUpdate) add(`UPDATE ${parent}`, `UPDATE ${table}`)
    }
  }
  return reach
}

/** `writes` and every write they lead to. */
function closure(writes: readonly string[], reach: Map<string, Set<string>>): Set<string> {
  const seen = new Set(writes)
  for (const write of seen) for (const next of reach.get(write) ?? []) seen.add(next)
  return seen
}
