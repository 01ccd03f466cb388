import { LIBRARY_USER } from '../../../main/services/people/ownership'
import { describe, expect, it } from 'vitest'
import type { ReviewStatus } from '../../../shared/contract'
import { reviewProgressWords } from '../../../shared/review-words'
import { createCatalog } from '../../../main/db/catalog'
import type { CommentAuthor } from '../../../main/services/comments/comments'
import { listComments } from '../../../main/services/comments/comments'
import { collectionsWithReview, reviewOf, setReviewStatus } from '../../../main/services/review/review-status'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'
import { SEES_ALL } from '../../../main/services/visibility/visibility'

// Issue 60 point 2: each asset's review status with who set it and when, a change that carries a comment in the same
// step, and a collection's review progress; the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('review status on %s', (dialect) => {
  const author = (name: string, personId: number | null = null): CommentAuthor => ({
    personId,
    name,
    guest: false,
    role: 'commenter',
  })
  const fresh = async (ids = ['clip']) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    return { sql, lib: { catalog: createCatalog(sql), actor: 'Ada' } }
  }

  it('starts as none, and keeps who set a status when, with the comment that said why', async () => {
    const { sql, lib } = await fresh()
    expect(await reviewOf(lib, 'clip')).toEqual({ review: { status: 'none', by: null, at: null } })
    const { review, comment } = await setReviewStatus(lib, author('Cleo'), 'clip', 'needs-changes', {
      body: 'colour is off in the last second',
      at: 4.5,
    })
    expect(review).toMatchObject({ status: 'needs-changes', by: 'Cleo' })
    expect(comment).toMatchObject({ body: 'colour is off in the last second', at: 4.5, author: { name: 'Cleo' } })
    expect((await reviewOf(lib, 'clip')).review).toEqual(review)
    expect((await listComments(lib, 'clip')).comments.map((c) => c.id)).toEqual([comment!.id])
    expect((await setReviewStatus(lib, author('Ada'), 'clip', 'approved')).comment).toBeNull()
    expect(
      await sql.all('SELECT status, set_by AS "by", comment_id AS "commentId" FROM asset_reviews ORDER BY id'),
    ).toEqual([
      { status: 'needs-changes', by: 'Cleo', commentId: comment!.id },
      { status: 'approved', by: 'Ada', commentId: null },
    ])
    await expect(reviewOf(lib, 'nope')).rejects.toThrow('No asset nope.')
    await expect(setReviewStatus(lib, author('Ada'), 'nope', 'approved')).rejects.toThrow('No asset nope.')
  })

  it('sets both or neither: a comment the table refuses leaves the status as it was', async () => {
    const { sql, lib } = await fresh()
    await expect(setReviewStatus(lib, author('Cleo'), 'clip', 'approved', { body: '' })).rejects.toThrow()
    expect((await reviewOf(lib, 'clip')).review.status).toBe('none')
    expect(await sql.all('SELECT id FROM asset_reviews')).toEqual([])
  })

  it('two people at once: both changes recorded, and the asset keeps the newest', async () => {
    const { sql, lib } = await fresh()
    for (let round = 0; round < 4; round++) {
      await Promise.all([
        setReviewStatus(lib, author('Cleo'), 'clip', 'needs-changes', { body: `round ${round}` }),
        setReviewStatus(lib, author('Ada'), 'clip', 'approved'),
      ])
      const newest = await sql.get<{ status: string; by: string }>(
        'SELECT status, set_by AS "by" FROM asset_reviews ORDER BY id DESC LIMIT 1',
      )
      expect((await reviewOf(lib, 'clip')).review).toMatchObject(newest!)
    }
    expect(await sql.get('SELECT count(*) AS n FROM asset_reviews')).toEqual({ n: 8 })
    expect((await listComments(lib, 'clip')).comments).toHaveLength(4)
  })

  it('counts each collection’s members by status, in words “12 of 30 approved, 3 need changes”', async () => {
    const ids = Array.from({ length: 32 }, (_, i) => `a${String(i).padStart(2, '0')}`)
    const { sql, lib } = await fresh(ids)
    await sql.run(
      `INSERT INTO collections (name, created_at) VALUES ('Client cut', '2026-11-28'), ('Empty', '2026-11-28')`,
    )
    for (const id of ids.slice(0, 30)) {
      await sql.run(
        `INSERT INTO collection_items (collection_id, video_id, added_at) SELECT id, ?, '2026-11-28' FROM collections WHERE name = 'Client cut'`,
        [id],
      )
    }
    const statusOf = (i: number): ReviewStatus =>
      i < 12 ? 'approved' : i < 15 ? 'needs-changes' : i < 20 ? 'in-review' : 'none'
    // Assets outside the collection count for nothing there.
    for (const [i, id] of ids.entries()) {
      const status = i >= 30 ? 'approved' : statusOf(i)
      if (status !== 'none') await setReviewStatus(lib, author('Cleo'), id, status)
    }
    const { collections } = await collectionsWithReview({ ...lib, visibility: SEES_ALL }, LIBRARY_USER)
    expect(collections.map((one) => [one.name, one.count, one.review])).toEqual([
      ['Client cut', 30, { total: 30, inReview: 5, needsChanges: 3, approved: 12 }],
      ['Empty', 0, { total: 0, inReview: 0, needsChanges: 0, approved: 0 }],
    ])
    expect(reviewProgressWords(collections[0]!.review!)).toBe('12 of 30 approved, 3 need changes')
  })
})
