import type { ReviewLink, ReviewLinkState } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { ReviewLinkRow } from '../../db/repos/review-links'
import { requireCollection } from '../collections/collections'
import type { Library, Uses } from '../library-context'
import { linkTokenHash, newLinkToken, passwordHash } from './link-secrets'

/** What a new link allows: until when (seconds from now), behind which password, with downloads or not. */
export interface LinkRequest {
  collectionId: number
  expiresInSeconds?: number
  password?: string
  downloads: boolean
}

type Making = Uses<'collections' | 'links'> & Pick<Library, 'actor' | 'publicAddress'>

/**
 * Makes a review link to one collection (recorded as made by the actor). Its token is returned this once, with the
 * address that opens it; only the token's hash and the password's scrypt hash are stored.
 */
export async function createLink(
  lib: Making,
  request: LinkRequest,
  now = new Date(),
): Promise<{ link: ReviewLink; token: string; address: string }> {
  const token = newLinkToken()
  const stored = request.password === undefined ? null : await passwordHash(request.password)
  const expiresAt =
    request.expiresInSeconds === undefined
      ? null
      : new Date(now.getTime() + request.expiresInSeconds * 1000).toISOString()
  const link = await lib.catalog.transaction(async (repos) => {
    await requireCollection(repos, request.collectionId)
    const id = await repos.links.insert({
      collectionId: request.collectionId,
      tokenHash: linkTokenHash(token),
      passwordHash: stored,
      downloads: request.downloads ? 1 : 0,
      expiresAt,
      createdBy: lib.actor,
      createdAt: now.toISOString(),
    })
    return (await repos.links.get(id))!
  })
  return { link: shownLink(link, now), token, address: linkAddress(lib, token) }
}

/** Every review link (or a collection's), newest first. */
export async function listLinks(lib: Uses<'links'>, collectionId?: number): Promise<{ links: ReviewLink[] }> {
  const now = new Date()
  const rows = await lib.catalog.repos.links.list()
  return {
    links: rows
      .filter((row) => collectionId === undefined || row.collectionId === collectionId)
      .map((row) => shownLink(row, now)),
  }
}

/** Revokes a link (recorded as by the actor); one revoked already is left as it was. */
export async function revokeLink(
  lib: Uses<'links'> & Pick<Library, 'actor'>,
  id: number,
): Promise<{ link: ReviewLink }> {
  return lib.catalog.transaction(async (repos) => {
    if (!(await repos.links.get(id))) throw new AppError('not_found', `No review link with id ${id}.`)
    await repos.links.revoke(id, lib.actor, new Date().toISOString())
    return { link: shownLink((await repos.links.get(id))!, new Date()) }
  })
}

/** Whether a stored link opens at `now`. */
export function linkState(row: Pick<ReviewLinkRow, 'revokedAt' | 'expiresAt'>, now: Date): ReviewLinkState {
  if (row.revokedAt !== null) return 'revoked'
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) return 'expired'
  return 'open'
}

/** Where a link opens: `/r/<token>` on the library's public address, the path alone where it has none. */
function linkAddress(lib: Pick<Library, 'publicAddress'>, token: string): string {
  return `${lib.publicAddress?.() ?? ''}/r/${token}`
}

function shownLink(row: ReviewLinkRow, now: Date): ReviewLink {
  return {
    id: row.id,
    collection: { id: row.collectionId, name: row.collectionName },
    password: row.passwordHash !== null,
    downloads: row.downloads === 1,
    expiresAt: row.expiresAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    revoked: row.revokedAt === null ? null : { by: row.revokedBy, at: row.revokedAt },
    state: linkState(row, now),
  }
}

/** The link a visitor came by, as their guest view shows it; null for anyone else. */
export async function visitingLink(
  lib: Uses<'links'>,
  linkId: number | undefined,
): Promise<{
  visit: { collection: { id: number; name: string }; downloads: boolean; expiresAt: string | null } | null
}> {
  const row = linkId === undefined ? undefined : await lib.catalog.repos.links.get(linkId)
  if (!row) return { visit: null }
  const { collection, downloads, expiresAt } = shownLink(row, new Date())
  return { visit: { collection, downloads, expiresAt } }
}
