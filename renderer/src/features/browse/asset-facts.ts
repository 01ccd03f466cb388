import { codecDisplayName } from '../../../../shared/codec-names'
import type { MediaAsset } from '../../../../shared/contract'

/** The codec as people say it ("H.264", "JPEG"); rows imported before names were stored are named from `codec`. */
export function codecName(asset: MediaAsset): string | null {
  const stored = asset.metadata?.videoCodecName
  if (typeof stored === 'string') return stored
  const profile = asset.metadata?.videoProfile
  return codecDisplayName(asset.codec, {
    mediaType: asset.mediaType,
    profile: typeof profile === 'string' ? profile : null,
  })
}

/** True when the last check (verify, or a failed read of the file) found the asset's file gone. */
export function isMissing(asset: MediaAsset): boolean {
  return asset.health === 'missing'
}

/** GIF and WebP stills may be animated; the browser animates the original file itself. */
export function isAnimatable(asset: MediaAsset): boolean {
  if (asset.mediaType !== 'image') return false
  const codec = asset.codec?.toLowerCase() ?? ''
  return codec === 'gif' || codec.includes('webp') || /\.(gif|webp)$/i.test(asset.name)
}
