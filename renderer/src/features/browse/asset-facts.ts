import type { MediaListItem } from '../../../../shared/contract'

/** The codec as people say it ("H.264", "JPEG"), as the list item names it (shared/list-item.ts). */
export function codecName(asset: MediaListItem): string | null {
  return asset.codecName
}

/** True when the last check (verify, or a failed read of the file) found the asset's file gone. */
export function isMissing(asset: MediaListItem): boolean {
  return asset.health === 'missing'
}

/** GIF and WebP stills may be animated; the browser animates the original file itself. */
export function isAnimatable(asset: MediaListItem): boolean {
  if (asset.mediaType !== 'image') return false
  const codec = asset.codec?.toLowerCase() ?? ''
  return codec === 'gif' || codec.includes('webp') || /\.(gif|webp)$/i.test(asset.name)
}
