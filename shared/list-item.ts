import { codecDisplayName } from './codec-names'
import type { MediaAsset, MediaListItem, MediaType } from './contract'

/**
 * The codec as a card names it ("H.264", "JPEG"): the name its metadata stored at import, else one made from the raw
 * codec and profile (rows imported before names were stored). Either reading of the metadata gives these two values.
 */
export function listedCodecName(
  codec: string | null,
  mediaType: MediaType,
  storedName: unknown,
  profile: unknown,
): string | null {
  if (typeof storedName === 'string') return storedName
  return codecDisplayName(codec, { mediaType, profile: typeof profile === 'string' ? profile : null })
}

/** The list item of a whole record: an asset read again with `media:get`, shown in the lists that hold it. */
export function listItemOf(asset: MediaAsset): MediaListItem {
  const { id, name, sizeBytes, durationSeconds, resolution, codec, mediaType, error, importedAt, rating, health } =
    asset
  const { importedBy } = asset
  const item: MediaListItem = {
    id,
    name,
    sizeBytes,
    durationSeconds,
    resolution,
    codec,
    mediaType,
    error,
    importedBy,
    importedAt,
    rating,
    health,
    codecName: listedCodecName(codec, mediaType, asset.metadata?.videoCodecName, asset.metadata?.videoProfile),
  }
  if (asset.stackSize !== undefined) item.stackSize = asset.stackSize
  if (asset.matched !== undefined) item.matched = asset.matched
  return item
}
