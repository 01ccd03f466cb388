// Quoted strings, quoted names and comments, whose `?` are text; then the placeholders themselves.
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\?/g

/** A statement written with `?` placeholders, with them numbered `$1`, `$2`… as PostgreSQL reads them. */
export function numberedPlaceholders(sql: string): string {
  let next = 0
  return sql.replace(TOKENS, (token) => (token === '?' ? `$${++next}` : token))
}
