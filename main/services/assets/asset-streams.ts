import { audioTrackCount } from '../../../shared/audio-tracks'
import type { MediaAsset } from '../../../shared/contract'

/**
 * Why work that decodes an asset's pictures or sound cannot run on it, in words; null when it can.
 * Pictures means moving pictures: a still image has no shots, silence or freezes to find.
 */
export function streamMisfit(asset: MediaAsset, stream: 'video' | 'audio', what: string): string | null {
  if (stream === 'video') {
    return asset.mediaType === 'video'
      ? null
      : `${what} reads a video's pictures; ${asset.name} is ${article(asset.mediaType)}.`
  }
  if (asset.mediaType === 'audio' || (asset.mediaType === 'video' && audioTrackCount(asset.metadata) > 0)) return null
  return asset.mediaType === 'video'
    ? `${what} reads sound; ${asset.name} is a video without a sound track.`
    : `${what} reads sound; ${asset.name} is ${article(asset.mediaType)}.`
}

const KIND_WORDS: Record<string, string> = { video: 'a video', image: 'a still image', audio: 'a sound file' }

function article(mediaType: string): string {
  return KIND_WORDS[mediaType] ?? `a ${mediaType} asset`
}
