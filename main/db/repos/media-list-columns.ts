import type { MediaListItem, MediaListView } from '../../../shared/contract'
import { listedCodecName } from '../../../shared/list-item'
import type { ListedAsset } from '../browse-model/search-params'
import { toAsset, type VideoRow } from './media'
import { fromRowValues, ROW_COLUMNS } from './media-row-columns'

/**
 * What a list item is read from: the card's columns, the codec's name and profile as `videos` computes them from the
 * metadata (library 0780, hub 0440; the record itself, half a page's bytes, stays in the database), and the notes and original path, which a
 * search reads the reason an asset matched from (they are not sent).
 */
interface CardRow extends Pick<
  VideoRow,
  | 'id'
  | 'name'
  | 'size_bytes'
  | 'duration_seconds'
  | 'resolution'
  | 'codec'
  | 'media_type'
  | 'error'
  | 'imported_at'
  | 'rating'
  | 'health'
  | 'notes'
  | 'original_path'
  | 'imported_by'
> {
  codec_name: unknown
  codec_profile: unknown
}

/** A card row from its values, read by place (as media-row-columns.ts reads a whole row, for the same reasons). */
function cardOf(v: unknown[]): Record<keyof CardRow, unknown> {
  return {
    id: v[0],
    name: v[1],
    size_bytes: v[2],
    duration_seconds: v[3],
    resolution: v[4],
    codec: v[5],
    media_type: v[6],
    error: v[7],
    imported_at: v[8],
    rating: v[9],
    health: v[10],
    notes: v[11],
    original_path: v[12],
    codec_name: v[13],
    codec_profile: v[14],
    imported_by: v[15],
  }
}
const CARD_KEYS = Object.keys(cardOf([])) as Array<keyof CardRow>
const CARD_COLUMNS = CARD_KEYS.map((column) => `v.${column}`).join(', ')

/** A page row's asset as the view asks for it, and the texts a search's reasons read from the row. */
export interface Listed {
  asset: ListedAsset
  notes: string | null
  originalPath: string | null
}

/** The select list over `v` of a page row in this view (CardRow's columns, or every stored one for `full`). */
export function listColumns(view: MediaListView): string {
  return view === 'full' ? ROW_COLUMNS : CARD_COLUMNS
}

/** A page row read as an array (listColumns, then what follows them): its listed asset and the values after it. */
export function listedOfValues(view: MediaListView, values: unknown[]): Listed & { rest: unknown[] } {
  if (view === 'card') return { ...listedOfRow(view, cardOf(values) as CardRow), rest: values.slice(CARD_KEYS.length) }
  const { row, rest } = fromRowValues(values)
  return { ...listedOfRow(view, row), rest }
}

/** A page row as an object of listColumns' names, in either view. */
export type ListedRow = VideoRow | CardRow

/** A page row read as an object of listColumns' names (as a PostgreSQL or an engine's `all` gives it). */
export function listedOfRow(view: MediaListView, row: ListedRow): Listed {
  const asset = view === 'full' ? toAsset(row as VideoRow) : toListItem(row as CardRow)
  return { asset, notes: row.notes, originalPath: row.original_path }
}

function toListItem(row: CardRow): MediaListItem {
  return {
    id: row.id,
    name: row.name,
    sizeBytes: row.size_bytes,
    durationSeconds: row.duration_seconds,
    resolution: row.resolution,
    codec: row.codec,
    mediaType: row.media_type,
    error: row.error,
    importedAt: row.imported_at,
    rating: row.rating,
    health: row.health,
    importedBy: row.imported_by,
    codecName: listedCodecName(row.codec, row.media_type, row.codec_name, row.codec_profile),
  }
}
