import type { SqlDialect } from '../sql/sql-engine'

// Framevault writes a file's SHA-256 as "sha256:<hex>"; the original media manager writes the bare
// hex. Both name the same bytes, so a bare 64-hex digest reads as SHA-256 and look-ups try both forms.

const BARE_SHA256 = /^[0-9a-f]{64}$/

/** SQL reading a file_hash column as Framevault's form: a bare 64-hex digest becomes "sha256:<hex>". */
export function fileHashSql(column: string, dialect: SqlDialect = 'sqlite'): string {
  const bareHex =
    dialect === 'postgres'
      ? `${column} ~ '^[0-9a-f]{64}$'`
      : `length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*'`
  return `CASE WHEN ${bareHex} THEN 'sha256:' || ${column} ELSE ${column} END`
}

/** A stored file_hash in Framevault's form (see fileHashSql). */
export function readFileHash(value: string | null): string | null {
  return value !== null && BARE_SHA256.test(value) ? `sha256:${value}` : value
}

/** The bare-hex form a seed stores a "sha256:<hex>" hash in (for look-ups that must find both); other hashes as they are. */
export function seedForm(hash: string): string {
  return hash.startsWith('sha256:') ? hash.slice('sha256:'.length) : hash
}
