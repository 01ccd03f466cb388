import type { SqlEngine } from '../sql/sql-engine'

/** A review link as stored, with its collection's name; never its token, only the token's hash. */
export interface ReviewLinkRow {
  id: number
  collectionId: number
  collectionName: string
  tokenHash: string
  passwordHash: string | null
  downloads: number
  expiresAt: string | null
  createdBy: string | null
  createdAt: string
  revokedAt: string | null
  revokedBy: string | null
}

/** What a new link is made of. */
export type NewReviewLink = Pick<
  ReviewLinkRow,
  'collectionId' | 'tokenHash' | 'passwordHash' | 'downloads' | 'expiresAt' | 'createdBy' | 'createdAt'
>

const LINK = `l.id, l.collection_id AS "collectionId", c.name AS "collectionName", l.token_hash AS "tokenHash",
  l.password_hash AS "passwordHash", l.downloads, l.expires_at AS "expiresAt", l.created_by AS "createdBy",
  l.created_at AS "createdAt", l.revoked_at AS "revokedAt", l.revoked_by AS "revokedBy"`
const FROM = 'FROM review_links l JOIN collections c ON c.id = l.collection_id'

/** Review links (a library's migration 0710, a hub's 0430), on either engine. */
export function createReviewLinksRepo(sql: SqlEngine) {
  return {
    async insert(link: NewReviewLink): Promise<number> {
      const inserted = await sql.get<{ id: number }>(
        `INSERT INTO review_links (collection_id, token_hash, password_hash, downloads, expires_at, created_by,
           created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          link.collectionId,
          link.tokenHash,
          link.passwordHash,
          link.downloads,
          link.expiresAt,
          link.createdBy,
          link.createdAt,
        ],
      )
      return Number(inserted!.id)
    },
    get: (id: number): Promise<ReviewLinkRow | undefined> => sql.get(`SELECT ${LINK} ${FROM} WHERE l.id = ?`, [id]),
    /** The link whose token hashes to `tokenHash` (the unique index finds it). */
    byTokenHash: (tokenHash: string): Promise<ReviewLinkRow | undefined> =>
      sql.get(`SELECT ${LINK} ${FROM} WHERE l.token_hash = ?`, [tokenHash]),
    /** Every link, newest first. */
    list: (): Promise<ReviewLinkRow[]> => sql.all(`SELECT ${LINK} ${FROM} ORDER BY l.id DESC`),
    /** Revokes a link not revoked yet; false when it was already (or does not exist). */
    async revoke(id: number, by: string | null, at: string): Promise<boolean> {
      const revoked = await sql.run(
        'UPDATE review_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
        [at, by, id],
      )
      return revoked.changes > 0
    },
  }
}
export type ReviewLinksRepo = ReturnType<typeof createReviewLinksRepo>
