import type { MediaAsset } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../library/library'

const CURSOR_SEPARATOR = '|'

/** A page of assets, newest import first, with the cursor of the next page (null at the end). */
export function listMedia(lib: Library, limit: number, cursor: string | null) {
  const items = lib.repos.media.page(limit, cursor === null ? null : parseCursor(cursor))
  const last = items.at(-1)
  const nextCursor = items.length === limit && last ? `${last.importedAt ?? ''}${CURSOR_SEPARATOR}${last.id}` : null
  return { items, nextCursor }
}

/** One asset; not_found when the id is unknown. */
export function getMedia(lib: Library, id: string): MediaAsset {
  const asset = lib.repos.media.get(id)
  if (!asset) throw new AppError('not_found', `No asset with id ${id}.`)
  return asset
}

function parseCursor(cursor: string): { importedAt: string; id: string } {
  const at = cursor.lastIndexOf(CURSOR_SEPARATOR)
  if (at < 0) throw new AppError('validation', 'Invalid cursor: pass back the nextCursor of the previous page.')
  return { importedAt: cursor.slice(0, at), id: cursor.slice(at + 1) }
}
