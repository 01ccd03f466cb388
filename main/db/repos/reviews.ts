import type { ReviewStatus } from '../../../shared/contract/review-status'
import type { SqlEngine } from '../sql/sql-engine'

/** An asset's review status as stored, and who set it when (null while nobody has). */
export interface ReviewRow {
  status: ReviewStatus
  by: string | null
  at: string | null
}

/** How many assets of a collection stand at each review status. */
export interface CollectionReviewRow {
  collectionId: number
  total: number
  inReview: number
  needsChanges: number
  approved: number
}

const counted = (status: ReviewStatus) => `sum(CASE WHEN v.review_status = '${status}' THEN 1 ELSE 0 END)`

/** Review statuses of assets (a library's migration 0630, a hub's 0370), on either engine. */
export function createReviewsRepo(sql: SqlEngine) {
  return {
    /** The review status of an asset; undefined when there is no such asset. */
    of: (assetId: string): Promise<ReviewRow | undefined> =>
      sql.get(`SELECT review_status AS status, review_by AS "by", review_at AS "at" FROM videos WHERE id = ?`, [
        assetId,
      ]),
    /**
     * Makes a status the asset's and records the change (and the comment it carried). The asset's row first: its lock
     * orders two changes at once, so the newest record is the status the asset keeps.
     */
    async set(assetId: string, change: ReviewRow & { by: string; at: string; commentId: number | null }) {
      await sql.run('UPDATE videos SET review_status = ?, review_by = ?, review_at = ? WHERE id = ?', [
        change.status,
        change.by,
        change.at,
        assetId,
      ])
      await sql.run('INSERT INTO asset_reviews (asset_id, status, set_by, set_at, comment_id) VALUES (?, ?, ?, ?, ?)', [
        assetId,
        change.status,
        change.by,
        change.at,
        change.commentId,
      ])
    },
    /** Each collection's members counted by review status (collections with no member left out). */
    byCollection: async (): Promise<CollectionReviewRow[]> =>
      (
        await sql.all<CollectionReviewRow>(
          `SELECT i.collection_id AS "collectionId", count(*) AS total, ${counted('in-review')} AS "inReview",
             ${counted('needs-changes')} AS "needsChanges", ${counted('approved')} AS approved
           FROM collection_items i JOIN videos v ON v.id = i.video_id GROUP BY i.collection_id`,
        )
      ).map((row) => ({
        collectionId: row.collectionId,
        total: Number(row.total),
        inReview: Number(row.inReview),
        needsChanges: Number(row.needsChanges),
        approved: Number(row.approved),
      })),
  }
}
export type ReviewsRepo = ReturnType<typeof createReviewsRepo>
