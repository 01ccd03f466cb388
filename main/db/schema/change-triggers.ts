import type { SqlDialect } from '../sql/sql-engine'
import { WRITE_EVENTS, type Table, type WriteEvent } from './declare'

/** Where a library's triggers note the topics its writes changed, until the writing process logs them (change-feed.ts). */
export const PENDING_TABLE = 'change_pending'

const present = (table: Table, engine: SqlDialect) => table.only === undefined || table.only.engine === engine

/** The topics a write of `table` notes on `engine`: its own, and those of the tables it feeds there on that event. */
export function topicsOfWrite(
  table: Table,
  event: WriteEvent,
  engine: SqlDialect,
  catalogue: readonly Table[],
): string[] {
  const fed = catalogue
    .filter((other) => present(other, engine) && other.fedBy?.[table.name]?.includes(event))
    .flatMap((other) => other.topics ?? [])
  return [...new Set([...(table.topics ?? []), ...fed])]
}

/**
 * The columns an UPDATE of which notes a change: all but the quiet ones, on `engine`, and but the computed ones (no
 * UPDATE sets them; PostgreSQL counts a stored one as set by every UPDATE of its row).
 */
function loudColumns(table: Table, engine: SqlDialect): string[] {
  const quiet = new Set(table.quiet?.columns ?? [])
  return Object.entries(table.columns)
    .filter(([name, column]) => column.in(engine) !== undefined && !quiet.has(name) && !column.details.generated)
    .map(([name]) => name)
}

const quote = (name: string) => `"${name}"`
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`
const rowOf = (event: WriteEvent) => (event === 'delete' ? 'old' : 'new')

/** The head of a trigger on `event`: `UPDATE OF` the loud columns when some are quiet. */
function on(table: Table, event: WriteEvent, engine: SqlDialect): string {
  if (event !== 'update' || !table.quiet?.columns) return event.toUpperCase()
  return `UPDATE OF ${loudColumns(table, engine).map(quote).join(', ')}`
}

/** The condition a quiet row fails, or none. */
function loudRow(table: Table, event: WriteEvent): string | undefined {
  const rows = table.quiet?.rows
  return rows && `NOT coalesce(${rows(rowOf(event))}, false)`
}

/**
 * The change-log triggers of a declared table on `engine` (issue 59 point 1), as statements; none when its writes
 * note no topic there.
 *
 * - A library (SQLite): a row trigger per write event puts each topic in `change_pending` once; the writing process
 *   takes them out after its statement and logs them (main/db/change-feed.ts). Built-in SQL only, so that another
 *   program writing the file (the original media manager's Python) meets no function it lacks.
 * - A hub (PostgreSQL): a row trigger per event and topic calls fv_note_change (hub migration 0190), which notes the
 *   topic for the transaction, and the deferred `log_changes` logs what the transaction noted as it commits.
 */
export function changeTriggers(table: Table, engine: SqlDialect, catalogue: readonly Table[]): string[] {
  // A table its sources' triggers write holds none of its own (its topics are theirs too).
  if (!present(table, engine) || table.fedBy) return []
  const statements = WRITE_EVENTS.flatMap((event) => {
    const topics = topicsOfWrite(table, event, engine, catalogue)
    if (topics.length === 0) return []
    return engine === 'sqlite' ? [sqliteTrigger(table, event, topics)] : postgresTriggers(table, event, topics)
  })
  if (engine === 'postgres' && statements.length > 0) {
    statements.push(
      `CREATE CONSTRAINT TRIGGER log_changes AFTER INSERT OR UPDATE OR DELETE ON ${table.name}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fv_log_changes()`,
    )
  }
  return statements
}

/** The name of a library's change trigger of a table on an event. */
export const sqliteTriggerName = (table: string, event: WriteEvent) => `changes_${table}_${event}`

function sqliteTrigger(table: Table, event: WriteEvent, topics: string[]): string {
  const list = topics.map(literal).join(', ')
  // Once a statement's first row has noted its topics, the rest of its rows read two keys and stop.
  const unnoted = `(SELECT count(*) FROM ${PENDING_TABLE} WHERE topic IN (${list})) < ${topics.length}`
  const when = [loudRow(table, event), unnoted].filter(Boolean).join(' AND ')
  const notes = topics.map(
    (topic) =>
      `INSERT INTO ${PENDING_TABLE} (topic) SELECT ${literal(topic)} ` +
      `WHERE NOT EXISTS (SELECT 1 FROM ${PENDING_TABLE} WHERE topic = ${literal(topic)});`,
  )
  return `CREATE TRIGGER ${sqliteTriggerName(table.name, event)} AFTER ${on(table, event, 'sqlite')} ON ${table.name}
    WHEN ${when} BEGIN
      ${notes.join('\n      ')}
    END`
}

function postgresTriggers(table: Table, event: WriteEvent, topics: string[]): string[] {
  const when = loudRow(table, event)
  return topics.map(
    (topic, i) =>
      `CREATE TRIGGER note_${event}${i === 0 ? '' : `_${i}`} AFTER ${on(table, event, 'postgres')} ON ${table.name}
        FOR EACH ROW ${when ? `WHEN (${when}) ` : ''}EXECUTE FUNCTION fv_note_change(${literal(topic)})`,
  )
}
