import {
  addComment,
  deleteComment,
  editComment,
  listComments,
  resolveComment,
  type CommentAuthor,
} from '../services/comments/comments'
import type { Library } from '../services/library-context'
import { reviewOf, setReviewStatus } from '../services/review/review-status'
import { AppError } from '../../shared/errors'
import type { Caller, HandlerGroup, LinkVisitor } from './handler-types'

/**
 * Who writes: the signed-in person on a hub; on a library of one user, its actor, who may do anything there; a review
 * link's visitor under the name they typed, as a guest.
 */
function authorOf(lib: Pick<Library, 'actor'>, caller: Caller | undefined): CommentAuthor {
  if (!caller) return { personId: null, name: lib.actor, guest: false, role: null }
  if (caller.link) return guestAuthor(caller.link)
  return {
    personId: caller.person?.id ?? null,
    name: caller.person?.name ?? lib.actor,
    guest: false,
    role: caller.role,
  }
}

function guestAuthor({ guestName }: LinkVisitor): CommentAuthor {
  if (guestName === null) {
    throw new AppError('validation', 'Type your name first: it is shown with what you write here, marked as a guest.')
  }
  return { personId: null, name: guestName, guest: true, role: 'commenter' }
}

/** Comments and review status (issue 60 points 1 and 2). */
export const commentHandlers = {
  'comments:list': ({ assetId }, lib) => listComments(lib, assetId),
  'comments:add': (draft, lib, caller) => addComment(lib, authorOf(lib, caller), draft),
  'comments:edit': ({ id, body }, lib, caller) => editComment(lib, authorOf(lib, caller), id, body),
  'comments:delete': ({ id }, lib, caller) => deleteComment(lib, authorOf(lib, caller), id),
  'comments:resolve': ({ id, resolved }, lib, caller) => resolveComment(lib, authorOf(lib, caller), id, resolved),
  'review:get': ({ assetId }, lib) => reviewOf(lib, assetId),
  'review:set': ({ assetId, status, comment, at }, lib, caller) =>
    setReviewStatus(
      lib,
      authorOf(lib, caller),
      assetId,
      status,
      comment === undefined ? undefined : { body: comment, at },
    ),
} satisfies HandlerGroup
