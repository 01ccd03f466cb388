import { AnalysisRange, type AdoptedRows } from '../../../shared/contract'
import { recordedAnalyzer } from '../../../shared/contract/cache-rows'
import { AppError } from '../../../shared/errors'
import type { AnalysisCacheRow, AnalysisRow } from '../../db/repos/analysis-cache'
import type { MediaRepo } from '../../db/repos/media'
import { fromJsonColumn, unixSeconds } from '../../db/repos/cache-rows'
import { seedForm } from '../../db/repos/file-hash'
import { canonicalJson } from '../../hashing/canonical-json'
import { cachedFileName } from '../../library/asset-file'
import type { Library } from '../library-context'
import { assetMatcher } from './external-caches'
import { readPluginDatabase } from './plugin-database'

/** What `caches:adopt-rows` asks for: a plugin's database, the asset, and which rows (all of its content when absent). */
export interface AdoptRequest {
  path: string
  assetId: string
  rowIds?: readonly number[]
}

/**
 * Copies a plugin's analysis rows onto the asset whose content they were made from (see the
 * `caches:adopt-rows` contract entry): read from the plugin's file, then written in one transaction.
 */
export async function adoptPluginRows(
  lib: Pick<Library, 'catalog' | 'dir' | 'nativeBinding' | 'pathGate' | 'rowNames'>,
  request: AdoptRequest,
): Promise<AdoptedRows> {
  const asset = await lib.catalog.repos.media.get(request.assetId)
  if (!asset) throw new AppError('not_found', `No asset ${request.assetId}.`)
  const { fileHash } = asset
  if (fileHash === null) throw new AppError('validation', `${asset.name} has no content hash to match rows by.`)
  const ids = request.rowIds && [...new Set(request.rowIds)]
  const pick = ids ? { ids } : { fileHashes: [fileHash, seedForm(fileHash)] }
  const rows = await readPluginDatabase(lib, request.path, { type: 'rows', pick })
  // The name the library's cache rows know the asset's file by (on a hub, its key).
  const file = cachedFileName(lib, asset)
  const copiedAt = unixSeconds()
  return lib.catalog.transaction(async ({ analysisSources: sources, media }): Promise<AdoptedRows> => {
    // The file was read on another thread meanwhile: the asset may have gone, moved or changed its content.
    const now = await media.get(asset.id)
    if (now?.fileHash !== fileHash || now.filePath !== asset.filePath) {
      throw new AppError('conflict', `${asset.name} changed while ${request.path} was read: try again.`)
    }
    const about = await rowsAbout(media, request.path, ids, rows, asset)
    const result: AdoptedRows = {
      assetId: asset.id,
      assetName: asset.name,
      copied: [],
      alreadyThere: [],
      conflicts: [],
      unreadable: [],
    }
    // Newest first: of two rows under one config (the plugin saw the content at two paths), the newest is kept.
    for (const row of about) {
      const held = await sources.atKey({ filePath: file, fileHash: row.file_hash, configHash: row.config_hash })
      if (held && sameResult(held, row)) {
        result.alreadyThere.push(row.id)
      } else if (held) {
        const earlier = held.fileHash !== row.file_hash ? ' made from its earlier content' : ''
        result.conflicts.push({
          rowId: row.id,
          message: `${rowName(row)}: ${asset.name} already has another result for this config${earlier}; the library’s is kept (delete it on ${asset.name} to bring this one).`,
        })
      } else {
        await sources.insertFrom(row, file, {
          database: request.path,
          rowId: row.id,
          filePath: row.file_path,
          copiedAt,
        })
        result.copied.push(row.id)
        const problem = rangesProblem(row.ranges)
        if (problem) result.unreadable.push({ rowId: row.id, message: `${rowName(row)}: ${problem}` })
      }
    }
    return result
  })
}

/**
 * The rows made from the asset's content, by `caches:open`'s match (a row at another asset's path holding
 * the same bytes is that asset's), looked up through `media` (the adopting transaction's). Picked rows (`ids`) the
 * file lacks, or that are not the asset's, are refused.
 */
async function rowsAbout(
  media: MediaRepo,
  database: string,
  ids: readonly number[] | undefined,
  rows: readonly AnalysisRow[],
  asset: { id: string; name: string },
): Promise<AnalysisRow[]> {
  const found = new Set(rows.map((row) => row.id))
  const missing = (ids ?? []).filter((id) => !found.has(id))
  if (missing.length > 0) {
    throw new AppError('not_found', `${database} has no analysis ${rowWords(missing)}.`)
  }
  const match = assetMatcher(media)
  const about = new Set<AnalysisRow>()
  for (const row of rows) {
    if ((await match(row.file_path, row.file_hash)).sameContentAssetId === asset.id) about.add(row)
  }
  const other = rows.filter((row) => !about.has(row))
  if (ids && other.length > 0) {
    throw new AppError(
      'validation',
      `Analysis ${rowWords(other.map((row) => row.id))} of ${database} ${other.length === 1 ? 'was' : 'were'} not made from the content of ${asset.name}: nothing was copied.`,
    )
  }
  return rows.filter((row) => about.has(row))
}

function rowWords(ids: readonly number[]): string {
  return `${ids.length === 1 ? 'row' : 'rows'} ${ids.join(', ')}`
}

/** A row as a person finds it on the page: its analyzer (where it names one) and its id. */
function rowName(row: AnalysisRow): string {
  return `${recordedAnalyzer(fromJsonColumn(row.metadata)) ?? 'Analysis'} (row ${row.id})`
}

/** Whether the catalogue's row holds what the plugin's does: the same content, ranges and metadata (as JSON values). */
function sameResult(held: AnalysisCacheRow, row: AnalysisRow): boolean {
  const same = (value: unknown, text: string | null) => canonicalJson(value) === canonicalJson(fromJsonColumn(text))
  return held.fileHash === row.file_hash && same(held.ranges, row.ranges) && same(held.metadata, row.metadata)
}

/** Why the timeline cannot show a row's ranges, in words; null when it can (NULL is a row without ranges). */
function rangesProblem(text: string | null): string | null {
  const value = fromJsonColumn(text)
  if (value === null) return null
  if (!Array.isArray(value)) {
    const what = typeof text === 'string' && value === text ? 'text that is not JSON' : kindOf(value)
    return `its ranges are ${what}, not a list of start–end–label ranges; copied, but the timeline shows none of them.`
  }
  const bad = value.filter((item) => {
    const range = AnalysisRange.safeParse(item)
    return !range.success || range.data.end < range.data.start
  }).length
  if (bad === 0) return null
  return `${bad} of its ${value.length} ranges ${bad === 1 ? 'is' : 'are'} not a start–end–label range; copied, but the timeline leaves ${bad === 1 ? 'it' : 'them'} out.`
}

function kindOf(value: unknown): string {
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return 'text'
  return `a ${typeof value}`
}
