import type { SqlDialect } from './sql-engine'

/**
 * A table of one text column `value` from a JSON array bound to one `?`, for a list of ids of any length in one
 * parameter: `… WHERE id IN (SELECT value FROM ${jsonValues(sql.dialect)})`.
 */
export function jsonValues(dialect: SqlDialect): string {
  return dialect === 'postgres' ? 'jsonb_array_elements_text(CAST(? AS jsonb)) AS value' : 'json_each(?)'
}
