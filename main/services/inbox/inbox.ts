import type { InboxEntry, ReviewStatus } from '../../../shared/contract'
import type { InboxOwner, InboxRow } from '../../db/repos/inbox'
import type { Uses } from '../library-context'
import { visibleCollections, type Visibility } from '../visibility/visibility'

type Lib = Uses<'inbox'> & { visibility: Visibility }

/** A page of `personId`'s inbox (entries on assets they may see), newest first, and how many they have not read. */
export async function inboxPage(
  lib: Lib,
  personId: number,
  query: { before?: number; limit: number },
): Promise<{ entries: InboxEntry[]; unread: number; next: number | null }> {
  const owner = ownerOf(lib, personId)
  // One more than asked tells whether an older page exists.
  const [rows, unread] = await Promise.all([
    lib.catalog.repos.inbox.page(owner, query.before ?? null, query.limit + 1),
    lib.catalog.repos.inbox.unread(owner),
  ])
  const entries = rows.slice(0, query.limit).map(toEntry)
  return { entries, unread, next: rows.length > query.limit ? entries.at(-1)!.id : null }
}

/** Marks these of `personId`'s entries read; answers how many are left unread. */
export async function markInboxRead(lib: Lib, personId: number, ids: readonly number[]): Promise<{ unread: number }> {
  await lib.catalog.repos.inbox.markRead(personId, ids, new Date().toISOString())
  return { unread: await lib.catalog.repos.inbox.unread(ownerOf(lib, personId)) }
}

/** Marks read `personId`'s entries up to the newest they were shown; what arrived since stays unread. */
export async function markInboxReadUpTo(lib: Lib, personId: number, upTo: number): Promise<{ unread: number }> {
  await lib.catalog.repos.inbox.markAllRead(personId, upTo, new Date().toISOString())
  return { unread: await lib.catalog.repos.inbox.unread(ownerOf(lib, personId)) }
}

function ownerOf(lib: Lib, personId: number): InboxOwner {
  return { personId, visibleIn: visibleCollections(lib.visibility) }
}

function toEntry(row: InboxRow): InboxEntry {
  return {
    id: row.id,
    kind: row.kind,
    asset: { id: row.assetId, name: row.assetName },
    // A comment deleted since keeps its place (a status change carried it) without its words.
    comment: row.commentId === null ? null : { id: row.commentId, body: row.commentBody ?? '', at: row.commentAt },
    status: row.status as ReviewStatus | null,
    by: row.actor,
    at: row.createdAt,
    read: row.readAt !== null,
  }
}
