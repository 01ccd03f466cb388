import type { Role } from '../../../shared/access'
import type { SqlEngine } from '../sql/sql-engine'

/** A person as stored, with how many of their tokens still sign in. */
export interface PersonRow {
  id: number
  name: string
  role: Role
  createdAt: string
  createdBy: string | null
  activeTokens: number
}

/** A token as listed: never its hash. */
export interface TokenRow {
  id: number
  label: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** Who a token that still signs in belongs to. */
export interface TokenHolder {
  tokenId: number
  label: string
  personId: number
  name: string
  role: Role
  lastUsedAt: string | null
}

const PERSON = `p.id, p.name, p.role, p.created_at AS "createdAt", p.created_by AS "createdBy",
  (SELECT count(*) FROM access_tokens t WHERE t.person_id = p.id AND t.revoked_at IS NULL) AS "activeTokens"`

/** People and their API tokens (a library's migration 0450, a hub's 0060), on either engine. */
export function createPeopleRepo(sql: SqlEngine) {
  return {
    /** Everyone, by name in any case. */
    list: (): Promise<PersonRow[]> => sql.all(`SELECT ${PERSON} FROM people p ORDER BY p.name, p.id`),
    get: (id: number): Promise<PersonRow | undefined> => sql.get(`SELECT ${PERSON} FROM people p WHERE p.id = ?`, [id]),
    /** The person of this name, in any case. */
    byName: (name: string): Promise<PersonRow | undefined> =>
      sql.get(`SELECT ${PERSON} FROM people p WHERE p.name = ?`, [name]),
    /** Adds a person; a name taken in any case throws UniqueViolation. */
    async insert(person: { name: string; role: Role; createdAt: string; createdBy: string | null }): Promise<number> {
      const row = await sql.get<{ id: number }>(
        'INSERT INTO people (name, role, created_at, created_by) VALUES (?, ?, ?, ?) RETURNING id',
        [person.name, person.role, person.createdAt, person.createdBy],
      )
      return row!.id
    },
    /** Gives a person another name; a name taken in any case throws UniqueViolation. */
    rename: async (id: number, name: string): Promise<boolean> =>
      (await sql.run('UPDATE people SET name = ? WHERE id = ?', [name, id])).changes > 0,
    setRole: async (id: number, role: Role): Promise<boolean> =>
      (await sql.run('UPDATE people SET role = ? WHERE id = ?', [role, id])).changes > 0,
    /** Removes a person and their tokens. */
    delete: async (id: number): Promise<boolean> =>
      (await sql.run('DELETE FROM people WHERE id = ?', [id])).changes > 0,
    async adminCount(): Promise<number> {
      return (await sql.get<{ n: number }>("SELECT count(*) AS n FROM people WHERE role = 'admin'"))!.n
    },
    async insertToken(token: { personId: number; hash: string; label: string; createdAt: string }): Promise<number> {
      const row = await sql.get<{ id: number }>(
        'INSERT INTO access_tokens (person_id, token_hash, label, created_at) VALUES (?, ?, ?, ?) RETURNING id',
        [token.personId, token.hash, token.label, token.createdAt],
      )
      return row!.id
    },
    /** A person's tokens, newest first. */
    tokens: (personId: number): Promise<TokenRow[]> =>
      sql.all(
        `SELECT id, label, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM access_tokens WHERE person_id = ? ORDER BY id DESC`,
        [personId],
      ),
    /** Marks a person's token revoked; false when it is not theirs or was revoked already. */
    revokeToken: async (personId: number, tokenId: number, at: string): Promise<boolean> =>
      (
        await sql.run('UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND person_id = ? AND revoked_at IS NULL', [
          at,
          tokenId,
          personId,
        ])
      ).changes > 0,
    /** The holder of the token with this hash, unless it was revoked. */
    holderOf: (hash: string): Promise<TokenHolder | undefined> =>
      sql.get(
        `SELECT t.id AS "tokenId", t.label, p.id AS "personId", p.name, p.role, t.last_used_at AS "lastUsedAt"
         FROM access_tokens t JOIN people p ON p.id = t.person_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
        [hash],
      ),
    /** Records a token's use. */
    async touchToken(tokenId: number, at: string): Promise<void> {
      await sql.run('UPDATE access_tokens SET last_used_at = ? WHERE id = ?', [at, tokenId])
    },
  }
}
export type PeopleRepo = ReturnType<typeof createPeopleRepo>
