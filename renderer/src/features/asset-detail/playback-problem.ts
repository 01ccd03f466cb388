import type { DetailAsset } from './use-asset'

/**
 * Why the browser could not play an asset, in words for people: the file is gone, or the
 * browser lacks the codec (the file itself is fine). A media element's error does not tell a
 * 404 from an unsupported codec, so the file is asked for its first byte.
 */
export async function playbackProblem(src: string, asset: DetailAsset, error: MediaError | null): Promise<string> {
  const found = await fileAnswers(src)
  if (found === 'missing') return `The file of this asset is missing: ${asset.filePath}`
  const codec = codecName(asset)
  if (error?.code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED || error?.code === MediaError.MEDIA_ERR_DECODE) {
    return `This browser cannot play ${codec}; the file is fine.`
  }
  if (found === 'unreachable') return 'The file could not be loaded (the library host did not answer).'
  return `This browser could not play the file (${codec}).`
}

/** Why the browser could not show a picture: its file is gone, or the browser cannot decode the format (TIFF, HEIC…). */
export async function pictureProblem(src: string, asset: DetailAsset): Promise<string> {
  const found = await fileAnswers(src)
  if (found === 'missing') return `The file of this asset is missing: ${asset.filePath}`
  if (found === 'unreachable') return 'The file could not be loaded (the library host did not answer).'
  return `This browser cannot show ${codecName(asset)} pictures; the file is fine.`
}

/** The codec as people say it, from the stored metadata. */
export function codecName(asset: DetailAsset): string {
  const name = asset.mediaType === 'audio' ? asset.metadata?.audioCodecName : asset.metadata?.videoCodecName
  return typeof name === 'string' && name ? name : (asset.codec ?? 'this format')
}

async function fileAnswers(src: string): Promise<'found' | 'missing' | 'unreachable'> {
  try {
    const response = await fetch(src, { headers: { Range: 'bytes=0-0' } })
    await response.body?.cancel()
    if (response.status === 404) return 'missing'
    return response.ok ? 'found' : 'unreachable'
  } catch {
    return 'unreachable'
  }
}
