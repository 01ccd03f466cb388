import type { Database } from 'better-sqlite3'

/**
 * A one-word prefix query as `toMatchExpression` writes it: `"caf"*` (in every column), or `- {notes} : ("caf"*)` (in
 * every column but these, for who may not read notes). The word and the columns (bit n: column n of `columns`, the
 * text index's in order) a match must hold it in; null for any other query, or a column the index does not have.
 */
export function oneWordQuery(match: string, columns: readonly string[]): { word: string; columns: number } | null {
  const every = 2 ** columns.length - 1
  const plain = /^"([^"]+)"\*$/.exec(match)
  if (plain) return { word: plain[1]!, columns: every }
  const filtered = /^- \{([\w ]+)\} : \("([^"]+)"\*\)$/.exec(match)
  if (!filtered) return null
  let wanted = every
  for (const name of filtered[1]!.trim().split(/\s+/)) {
    const place = columns.indexOf(name)
    if (place < 0) return null
    wanted &= ~(1 << place)
  }
  return { word: filtered[2]!, columns: wanted }
}

/** The column names of an FTS5 table from the statement that made it (its arguments but the `key = value` options). */
export function ftsColumns(createSql: string): string[] {
  const args = /fts5\s*\(([\s\S]*)\)/i.exec(createSql)?.[1] ?? ''
  return args
    .split(',')
    .map((arg) => arg.trim())
    .filter((arg) => arg !== '' && !arg.includes('='))
}

/** What videos_fts was made with (migration 0790): its columns, tokenizer and prefix lengths; null without prefixes. */
export interface TextIndexOptions {
  columns: string[]
  tokenizer: string
  prefixLengths: number[]
}

export function textIndexOptions(db: Database): TextIndexOptions | null {
  const sql = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE name = 'videos_fts'").pluck().get() ?? ''
  const tokenizer = /tokenize\s*=\s*"([^"]+)"/.exec(sql)?.[1]
  const prefixes = /prefix\s*=\s*'([\d ]+)'/.exec(sql)?.[1]
  if (!tokenizer || !prefixes) return null
  return { columns: ftsColumns(sql), tokenizer, prefixLengths: prefixes.trim().split(/\s+/).map(Number) }
}
