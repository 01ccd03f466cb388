import type { Role } from '../../../shared/access'
import type { Comment, CommentRegion } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { CatalogRepos } from '../../db/catalog'
import type { CommentRow, MentionRow } from '../../db/repos/comments'
import type { Uses } from '../library-context'
import { mentionedPeople } from './mentions'

/**
 * Who writes: the signed-in person on a hub (their id, name and role), a library's actor on a library of one user
 * (no id, no role: its user may do anything), or a guest of a review link (a name typed, no id).
 */
export interface CommentAuthor {
  personId: number | null
  name: string
  guest: boolean
  role: Role | null
}

/** How a name is shown and recorded for a guest of a review link: "Name (guest)". */
export function guestLabel(name: string): string {
  return `${name} (guest)`
}

/** The author's name as recorded beside what they did (a review status): a guest's marked so. */
export function signedName(author: CommentAuthor): string {
  return author.guest ? guestLabel(author.name) : author.name
}

/** A new comment: its words, where it is pinned, and the thread it replies to. */
export interface CommentDraft {
  assetId: string
  body: string
  at?: number
  end?: number
  region?: CommentRegion
  replyTo?: number
}

type Repos = Pick<CatalogRepos, 'comments' | 'inbox' | 'media' | 'people'>
type Lib = Uses<'comments' | 'inbox' | 'media' | 'people'>

/** The comments on an asset and the other assets of its stack, each thread in order with its replies after it. */
export async function listComments(lib: Uses<'comments' | 'media'>, assetId: string): Promise<{ comments: Comment[] }> {
  const { comments, media } = lib.catalog.repos
  if (!(await media.ref(assetId))) throw new AppError('not_found', `No asset ${assetId}.`)
  const [rows, mentions] = await Promise.all([comments.ofStack(assetId), comments.mentionsOfStack(assetId)])
  return { comments: rows.map((row) => toComment(row, mentions)) }
}

/** Comments on an asset (or replies to a thread on it), noting whom it @mentions. */
export async function addComment(lib: Lib, author: CommentAuthor, draft: CommentDraft): Promise<{ comment: Comment }> {
  return lib.catalog.transaction(async (repos) => ({ comment: await insertComment(repos, author, draft) }))
}

/** Adds a comment in a transaction of the caller's (a change of review status that carries one). */
export async function insertComment(repos: Repos, author: CommentAuthor, draft: CommentDraft): Promise<Comment> {
  if (!(await repos.media.ref(draft.assetId))) throw new AppError('not_found', `No asset ${draft.assetId}.`)
  if (draft.replyTo !== undefined) await requireThread(repos, draft.replyTo, draft.assetId)
  const id = await repos.comments.insert({
    assetId: draft.assetId,
    parentId: draft.replyTo ?? null,
    authorId: author.personId,
    authorName: author.name,
    guest: author.guest ? 1 : 0,
    body: draft.body,
    at: draft.at ?? null,
    end: draft.end ?? null,
    regionX: draft.region?.x ?? null,
    regionY: draft.region?.y ?? null,
    regionW: draft.region?.w ?? null,
    regionH: draft.region?.h ?? null,
    createdAt: now(),
  })
  await repos.comments.setMentions(id, mentionedPeople(draft.body, await repos.people.list()))
  await repos.inbox.followComment(id)
  return shown(repos, id)
}

/** Gives one's own comment new words; a comment deleted meanwhile is not_found, saying by whom. */
export async function editComment(
  lib: Lib,
  author: CommentAuthor,
  id: number,
  body: string,
): Promise<{ comment: Comment }> {
  return lib.catalog.transaction(async (repos) => {
    const row = await requireLive(repos, id)
    if (!isOwn(row, author)) throw new AppError('forbidden', `Only ${row.authorName} can edit their comment.`)
    if (!(await repos.comments.edit(id, body, now()))) throw deletedMeanwhile(await repos.comments.get(id), id)
    await repos.comments.setMentions(id, mentionedPeople(body, await repos.people.list()))
    await repos.inbox.followComment(id)
    return { comment: await shown(repos, id) }
  })
}

/**
 * Deletes one's own comment (an admin, and a library's one user, any): its words and mentions go; who deleted it and
 * when stay, shown while replies to it are there.
 */
export async function deleteComment(lib: Lib, author: CommentAuthor, id: number): Promise<{ comment: Comment }> {
  return lib.catalog.transaction(async (repos) => {
    const row = await requireLive(repos, id)
    if (!isOwn(row, author) && author.role !== null && author.role !== 'admin') {
      throw new AppError('forbidden', `Only ${row.authorName} or an admin can delete this comment.`)
    }
    if (!(await repos.comments.markDeleted(id, author.name, now()))) {
      throw deletedMeanwhile(await repos.comments.get(id), id)
    }
    await repos.comments.setMentions(id, [])
    await repos.inbox.followComment(id)
    return { comment: await shown(repos, id) }
  })
}

/** Marks a thread resolved by `author`, or open again. */
export async function resolveComment(
  lib: Lib,
  author: CommentAuthor,
  id: number,
  resolved: boolean,
): Promise<{ comment: Comment }> {
  return lib.catalog.transaction(async (repos) => {
    const row = await requireLive(repos, id)
    if (row.parentId !== null) {
      throw new AppError('validation', `Comment ${id} is a reply: resolve the comment ${row.parentId} it answers.`)
    }
    const changed = resolved
      ? await repos.comments.setResolved(id, signedName(author), now())
      : await repos.comments.setResolved(id, null, null)
    if (!changed) throw deletedMeanwhile(await repos.comments.get(id), id)
    return { comment: await shown(repos, id) }
  })
}

/** The thread `replyTo` starts, on `assetId`: replies go one level deep, to a comment that is there. */
async function requireThread(repos: Repos, replyTo: number, assetId: string): Promise<void> {
  const parent = await requireLive(repos, replyTo)
  if (parent.parentId !== null) {
    throw new AppError('validation', `Comment ${replyTo} is a reply: answer the comment ${parent.parentId} it answers.`)
  }
  if (parent.assetId !== assetId) {
    throw new AppError('validation', `Comment ${replyTo} is on asset ${parent.assetId}, not on ${assetId}.`)
  }
}

async function requireLive(repos: Repos, id: number): Promise<CommentRow> {
  const row = await repos.comments.get(id)
  if (!row || row.deletedAt !== null) throw deletedMeanwhile(row, id)
  return row
}

function deletedMeanwhile(row: CommentRow | undefined, id: number): AppError {
  if (!row) return new AppError('not_found', `No comment ${id}.`)
  return new AppError('not_found', `Comment ${id} was deleted by ${row.deletedBy} at ${row.deletedAt}.`, {
    deletedBy: row.deletedBy,
    deletedAt: row.deletedAt,
  })
}

// A library's one user (no id) wrote every comment there but a guest's; on a hub, the person of the same id did.
function isOwn(row: CommentRow, author: CommentAuthor): boolean {
  return row.guest === 0 && !author.guest && row.authorId === author.personId
}

async function shown(repos: Repos, id: number): Promise<Comment> {
  return toComment((await repos.comments.get(id))!, await repos.comments.mentionsOf(id))
}

function toComment(row: CommentRow, mentions: readonly MentionRow[]): Comment {
  const region = row.regionX === null ? null : { x: row.regionX, y: row.regionY!, w: row.regionW!, h: row.regionH! }
  return {
    id: row.id,
    asset: { id: row.assetId, name: row.assetName },
    parentId: row.parentId,
    author: { id: row.authorId, name: row.authorName, guest: row.guest === 1 },
    body: row.body,
    at: row.at,
    end: row.end,
    region,
    mentions: mentions.filter((m) => m.commentId === row.id).map((m) => ({ id: m.personId, name: m.personName })),
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    resolved: row.resolvedAt === null ? null : { by: row.resolvedBy!, at: row.resolvedAt },
    deleted: row.deletedAt === null ? null : { by: row.deletedBy!, at: row.deletedAt },
  }
}

function now(): string {
  return new Date().toISOString()
}
