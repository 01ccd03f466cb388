import type { AssetReview, Collection, Comment, ReviewStatus } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { insertComment, signedName, type CommentAuthor } from '../comments/comments'
import type { Library, Uses } from '../library-context'
import { listCollections } from '../collections/collections'
import type { Keeper } from '../people/ownership'

/** Where an asset stands in review. */
export async function reviewOf(lib: Uses<'reviews'>, assetId: string): Promise<{ review: AssetReview }> {
  const review = await lib.catalog.repos.reviews.of(assetId)
  if (!review) throw new AppError('not_found', `No asset ${assetId}.`)
  return { review }
}

/** Sets an asset's review status by `author`, with the comment that says why (one step: both or neither). */
export async function setReviewStatus(
  lib: Uses<'comments' | 'inbox' | 'media' | 'people' | 'reviews'>,
  author: CommentAuthor,
  assetId: string,
  status: ReviewStatus,
  said?: { body: string; at?: number },
): Promise<{ review: AssetReview; comment: Comment | null }> {
  return lib.catalog.transaction(async (repos) => {
    if (!(await repos.reviews.of(assetId))) throw new AppError('not_found', `No asset ${assetId}.`)
    const comment = said ? await insertComment(repos, author, { assetId, body: said.body, at: said.at }) : null
    const change = { status, by: signedName(author), at: new Date().toISOString() }
    await repos.reviews.set(assetId, { ...change, commentId: comment?.id ?? null })
    const commentId = comment?.id ?? null
    await repos.inbox.noteStatus({
      assetId,
      status,
      commentId,
      actorId: author.personId,
      actor: author.name,
      at: change.at,
    })
    return { review: change, comment }
  })
}

/** Every collection with its asset count and its review progress (its members counted by status), by name. */
export async function collectionsWithReview(
  lib: Uses<'collections' | 'reviews'> & Pick<Library, 'visibility'>,
  keeper: Keeper,
): Promise<{ collections: Collection[] }> {
  // The collections the caller may see (a limited person: those shared with them; anyone: their own private ones),
  // each with its members' counts.
  const [collections, counts] = await Promise.all([
    listCollections(lib, keeper),
    lib.catalog.repos.reviews.byCollection(),
  ])
  const byId = new Map(counts.map(({ collectionId, ...review }) => [collectionId, review]))
  const none = { total: 0, inReview: 0, needsChanges: 0, approved: 0 }
  return { collections: collections.map((one) => ({ ...one, review: byId.get(one.id) ?? none })) }
}
