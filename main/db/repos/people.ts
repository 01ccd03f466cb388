import type { Role, Scope } from '../../../shared/access'
import type { SqlEngine } from '../sql/sql-engine'
import { versionColumn } from './edit-versions'

/** A person as stored, with how many of their tokens still sign in. */
export interface PersonRow {
  id: number
  name: string
  role: Role
  /** Every asset, or only those of collections shared with them (issue 60 point 3). */
  scope: Scope
  createdAt: string
  createdBy: string | null
  activeTokens: number
  /** The versions of the name and the role (issue 64: a change from a stale one is refused). */
  nameVersion: number
  roleVersion: number
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
  scope: Scope
  lastUsedAt: string | null
}

/** Why a token no longer signs in: its person removed or the token revoked, by whom and when. */
export interface AccessEndRow {
  personName: string
  reason: 'removed' | 'revoked'
  endedBy: string | null
  endedAt: string
}

const PERSON = `p.id, p.name, p.role, p.scope, p.created_at AS "createdAt", p.created_by AS "createdBy",
  (SELECT count(*) FROM access_tokens t WHERE t.person_id = p.id AND t.revoked_at IS NULL) AS "activeTokens",
  ${versionColumn('person', 'p.id', 'name')} AS "nameVersion", ${versionColumn('person', 'p.id', 'role')} AS "roleVersion"`

/** People and their API tokens (a library's migration 0450, a hub's 0060), on either engine. */
export function createPeopleRepo(sql: SqlEngine) {
  return {
    /** Everyone, by name in any case. */
    list: (): Promise<PersonRow[]> => sql.all(`SELECT ${PERSON} FROM people p ORDER BY p.name, p.id`),
    /** Everyone by name and role alone, by name in any case: what an editor may know of people. */
    names: (): Promise<Array<Pick<PersonRow, 'id' | 'name' | 'role'>>> =>
      sql.all('SELECT p.id, p.name, p.role FROM people p ORDER BY p.name, p.id'),
    get: (id: number): Promise<PersonRow | undefined> => sql.get(`SELECT ${PERSON} FROM people p WHERE p.id = ?`, [id]),
    /** The person of this name, in any case. */
    byName: (name: string): Promise<PersonRow | undefined> =>
      sql.get(`SELECT ${PERSON} FROM people p WHERE p.name = ?`, [name]),
    /** Adds a person; a name taken in any case throws UniqueViolation. */
    async insert(person: {
      name: string
      role: Role
      scope: Scope
      createdAt: string
      createdBy: string | null
    }): Promise<number> {
      const row = await sql.get<{ id: number }>(
        'INSERT INTO people (name, role, scope, created_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id',
        [person.name, person.role, person.scope, person.createdAt, person.createdBy],
      )
      return row!.id
    },
    /** Gives a person another name; a name taken in any case throws UniqueViolation. */
    rename: async (id: number, name: string): Promise<boolean> =>
      (await sql.run('UPDATE people SET name = ? WHERE id = ?', [name, id])).changes > 0,
    setRole: async (id: number, role: Role): Promise<boolean> =>
      (await sql.run('UPDATE people SET role = ? WHERE id = ?', [role, id])).changes > 0,
    setScope: async (id: number, scope: Scope): Promise<boolean> =>
      (await sql.run('UPDATE people SET scope = ? WHERE id = ?', [scope, id])).changes > 0,
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
        `SELECT t.id AS "tokenId", t.label, p.id AS "personId", p.name, p.role, p.scope, t.last_used_at AS "lastUsedAt"
         FROM access_tokens t JOIN people p ON p.id = t.person_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
        [hash],
      ),
    /** Records a token's use: bookkeeping no open window follows (it would be a change a minute per token). */
    async touchToken(tokenId: number, at: string): Promise<void> {
      await sql.run(`UPDATE access_tokens SET last_used_at = ? WHERE id = ?`, [at, tokenId])
    },
    /**
     * Keeps why a person's tokens that still sign in stop doing so (before they are revoked or deleted): one token
     * when `tokenId` is given, else all of them. A token ended before keeps its first reason.
     */
    async recordAccessEnd(end: {
      personId: number
      tokenId?: number
      reason: AccessEndRow['reason']
      by: string | null
      at: string
    }): Promise<void> {
      const oneToken = end.tokenId === undefined ? '' : ' AND t.id = ?'
      await sql.run(
        `INSERT INTO access_ends (token_hash, person_id, person_name, reason, ended_by, ended_at)
         SELECT t.token_hash, p.id, p.name, ?, ?, ? FROM access_tokens t JOIN people p ON p.id = t.person_id
         WHERE p.id = ? AND t.revoked_at IS NULL${oneToken}
         ON CONFLICT (token_hash) DO NOTHING`,
        [end.reason, end.by, end.at, end.personId, ...(end.tokenId === undefined ? [] : [end.tokenId])],
      )
    },
    /** Why the token with this hash stopped signing in; undefined when it never did or still does. */
    accessEnd: (hash: string): Promise<AccessEndRow | undefined> =>
      sql.get(
        `SELECT person_name AS "personName", reason, ended_by AS "endedBy", ended_at AS "endedAt"
         FROM access_ends WHERE token_hash = ?`,
        [hash],
      ),
  }
}
export type PeopleRepo = ReturnType<typeof createPeopleRepo>
