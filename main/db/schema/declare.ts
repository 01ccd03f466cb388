import type { ChangeTopic } from '../../../shared/contract'
import type { SqlDialect } from '../sql/sql-engine'

/**
 * A column's type in neither engine's words. `bigint` is SQLite's INTEGER too (64-bit there always); `json` is JSON
 * held as text in a library and as jsonb on a hub; `untyped` is a full-text table's column (a library's alone).
 */
export type NeutralType = 'text' | 'int' | 'bigint' | 'real' | 'blob' | 'json' | 'untyped'

/** Each neutral type as each engine names it (lower case, as the live schema reads). */
export const ENGINE_TYPES: Record<NeutralType, Record<SqlDialect, string>> = {
  text: { sqlite: 'text', postgres: 'text' },
  int: { sqlite: 'integer', postgres: 'integer' },
  bigint: { sqlite: 'integer', postgres: 'bigint' },
  real: { sqlite: 'real', postgres: 'double precision' },
  blob: { sqlite: 'blob', postgres: 'bytea' },
  json: { sqlite: 'text', postgres: 'jsonb' },
  untyped: { sqlite: '', postgres: 'text' },
}

export const ENGINES: readonly SqlDialect[] = ['sqlite', 'postgres']

/** A part of the schema one engine alone has, and why. */
export interface Only {
  engine: SqlDialect
  why: string
}

/** A column as one engine holds it. */
export interface EngineColumn {
  type: string
  notNull: boolean
}

/** SQL the DDL carries: one text for both engines, or each engine's own (an engine left out has none). */
export type EngineSql = string | Partial<Record<SqlDialect, string>>

/** What a column's DDL says beyond its type and NOT NULL. */
export interface ColumnDetails {
  default?: EngineSql
  /** A generated column's expression (virtual in a library, stored on a hub). */
  generated?: EngineSql
  collate?: EngineSql
  /** PostgreSQL's identity column: numbered by the server, always or unless given. */
  identity?: 'always' | 'by default'
}

/** `sql` as `engine` writes it, or undefined. */
export const sqlIn = (sql: EngineSql | undefined, engine: SqlDialect): string | undefined =>
  typeof sql === 'string' ? sql : sql?.[engine]

/** A declared column; every way one engine differs says why. */
export class Column {
  constructor(
    readonly type: NeutralType,
    readonly notNull = false,
    readonly only?: Only,
    readonly differs: Partial<Record<SqlDialect, Partial<EngineColumn> & { why: string }>> = {},
    readonly details: ColumnDetails = {},
  ) {}

  private with(change: Partial<Pick<Column, 'notNull' | 'only' | 'differs' | 'details'>>): Column {
    const next = { notNull: this.notNull, only: this.only, differs: this.differs, details: this.details, ...change }
    return new Column(this.type, next.notNull, next.only, next.differs, next.details)
  }

  /** The same column, NOT NULL. */
  get nn(): Column {
    return this.with({ notNull: true })
  }

  /** The same column, on `engine` alone. */
  onlyIn(engine: SqlDialect, why: string): Column {
    return this.with({ only: { engine, why } })
  }

  /** The same column, otherwise on `engine`. */
  on(engine: SqlDialect, change: Partial<EngineColumn>, why: string): Column {
    return this.with({ differs: { ...this.differs, [engine]: { ...change, why } } })
  }

  /** The same column with a DEFAULT. */
  default(sql: EngineSql): Column {
    return this.with({ details: { ...this.details, default: sql } })
  }

  /** The same column, compared by the collation `sql` names. */
  collate(sql: EngineSql): Column {
    return this.with({ details: { ...this.details, collate: sql } })
  }

  /** The same column, numbered by a hub's server (an identity column). */
  identity(kind: 'always' | 'by default'): Column {
    return this.with({ details: { ...this.details, identity: kind } })
  }

  /** The same column, computed by the database from `sql`. */
  generated(sql: EngineSql): Column {
    return this.with({ details: { ...this.details, generated: sql } })
  }

  /** The column as `engine` holds it; undefined when that engine has none. */
  in(engine: SqlDialect): EngineColumn | undefined {
    if (this.only && this.only.engine !== engine) return undefined
    const change = this.differs[engine]
    return { type: change?.type ?? ENGINE_TYPES[this.type][engine], notNull: change?.notNull ?? this.notNull }
  }
}

/** The plain columns of each type; `.nn` makes one NOT NULL. */
export const text = new Column('text')
export const int = new Column('int')
export const bigint = new Column('bigint')
export const real = new Column('real')
export const blob = new Column('blob')
export const json = new Column('json')
export const untyped = new Column('untyped')

/** A named index: its columns in order, an expression as `(expr)`. */
export interface Index {
  name: string
  columns: string[]
  unique?: true
  /** The SQL of its `(expr)` columns, in order. */
  expressions?: EngineSql[]
  /** Its WHERE clause: a partial index. */
  where?: EngineSql
  /** Its access method where not the engine's default (a hub's text search reads a gin index). */
  using?: string
  /** Its columns' collations on one engine, where they differ from the columns' own. */
  collate?: Partial<Record<SqlDialect, Record<string, string>>>
  only?: Only
  /** The columns on one engine, when they differ there. */
  differs?: Partial<Record<SqlDialect, { columns: string[]; why: string }>>
}

/** A UNIQUE constraint's columns. */
export interface Unique {
  columns: string[]
  only?: Only
}

/** What a foreign key does to its rows when the parent row goes. */
export type OnDelete = 'cascade' | 'set null' | 'no action'

/** A foreign key of one column: the parent as `table.column`. */
export interface Reference {
  column: string
  parent: string
  onDelete: OnDelete
  only?: Only
}

/** A foreign key declaration. */
export const fk = (column: string, parent: string, onDelete: OnDelete, only?: Only): Reference => ({
  column,
  parent,
  onDelete,
  ...(only && { only }),
})

/** One table of the catalogue: its columns, keys and indexes, and the change-log topics its writes note. */
export interface Table {
  name: string
  columns: Record<string, Column>
  /** Empty: none (the table has SQLite's rowid alone). */
  primaryKey: string[]
  /** The primary key on one engine, when it differs there. */
  primaryKeyDiffers?: Partial<Record<SqlDialect, { columns: string[]; why: string }>>
  references?: Reference[]
  unique?: Unique[]
  indexes?: Index[]
  topics?: ChangeTopic[]
  /** Writes that note no topic: bookkeeping no client shows (a size kept for a sum, a time of last use). */
  quiet?: Quiet
  /**
   * The writes of other tables that change this one where it can hold no trigger of its own (a library's FTS5
   * table, written by its sources' triggers): each table's events that note this table's topics too.
   */
  fedBy?: Record<string, readonly WriteEvent[]>
  /** Table CHECK constraints. */
  checks?: EngineSql[]
  /** How a library stores it: SQLite's STRICT, WITHOUT ROWID and AUTOINCREMENT. */
  storage?: TableStorage
  only?: Only
}

/** How each engine stores a table, where it is more than its columns say. */
export interface TableStorage {
  strict?: true
  withoutRowid?: true
  /** The integer key is never handed out again (SQLite AUTOINCREMENT). */
  autoincrement?: true
}

/** A row write a trigger fires on. */
export type WriteEvent = 'insert' | 'update' | 'delete'
export const WRITE_EVENTS: readonly WriteEvent[] = ['insert', 'update', 'delete']

/** What of a table's writes is bookkeeping, and why. */
export interface Quiet {
  /** An UPDATE of these columns alone (a column one engine lacks is left out there). */
  columns?: string[]
  /** A row this condition holds for (`row` is the trigger's NEW or OLD row), whatever the write. */
  rows?: (row: 'new' | 'old') => string
  why: string
}

/** A table declaration, checked for names that are no column of it. */
export function table(declared: Table): Table {
  const names = new Set(Object.keys(declared.columns))
  const used = [
    ...declared.primaryKey,
    ...(declared.references ?? []).map((r) => r.column),
    ...(declared.unique ?? []).flatMap((u) => u.columns),
    ...(declared.quiet?.columns ?? []),
    ...(declared.indexes ?? []).flatMap((i) => [
      ...i.columns,
      ...Object.values(i.differs ?? {}).flatMap((d) => d.columns),
    ]),
  ]
  const unknown = used.filter((name) => name !== '(expr)' && !names.has(name))
  if (unknown.length > 0) throw new Error(`schema: ${declared.name} has no column ${unknown.join(', ')}`)
  return declared
}

/** An index declaration. */
export const index = (name: string, columns: string[], options: Omit<Index, 'name' | 'columns'> = {}): Index => ({
  name,
  columns,
  ...options,
})

/** Why a hub's index ends with the id where a library's does not. */
export const HUB_ORDER =
  'a hub orders text by code point with the id as the tiebreak (COLLATE "C"); SQLite\'s index ends with the rowid'
