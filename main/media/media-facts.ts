import { open } from 'node:fs/promises'
import type { MediaType } from '../../shared/contract'
import { boxFamily } from './container-boxes'
import { checkDamage, type Damage, type TailReader } from './damage-check'
import { MATROSKA_FORMAT } from './matroska-probe'
import { roundFps, sizeFacts, toMediaMetadata, type FfprobeOutput, type MediaMetadata } from './media-metadata'
import { readWebpFacts } from './webp-animation'

/** The metadata an import stores; `damaged` only on a file whose media data ends before its container says. */
export type MediaFacts = MediaMetadata & { damaged?: Damage }

/**
 * ffprobe's facts about a file completed from the file's own bytes: a WebP's canvas and
 * animation (which ffprobe cannot read) and whether the media data is all there.
 */
export async function describeMedia(
  filePath: string,
  fileName: string,
  mediaType: MediaType,
  probe: FfprobeOutput,
  tail: TailReader,
): Promise<MediaFacts> {
  let metadata = toMediaMetadata(probe, mediaType, fileName)
  // Only box-structured files (MP4/MOV, AVI, WebP) and Matroska have bytes to read here, opened once for both readers.
  const formatName = probe.format?.format_name
  const file = boxFamily(formatName) || formatName === MATROSKA_FORMAT ? await open(filePath, 'r') : null
  try {
    if (file && metadata.videoCodec === 'webp') metadata = withWebpFacts(metadata, await readWebpFacts(file))
    const damage = await checkDamage(filePath, file, probe, mediaType === 'video' ? tail : null)
    return damage ? { ...metadata, damaged: damage } : metadata
  } finally {
    await file?.close()
  }
}

function withWebpFacts(metadata: MediaMetadata, webp: Awaited<ReturnType<typeof readWebpFacts>>): MediaMetadata {
  if (!webp) return metadata
  const width = metadata.width ?? webp.width
  const height = metadata.height ?? webp.height
  return {
    ...metadata,
    width,
    height,
    ...sizeFacts(width, height),
    animated: webp.animated,
    frameCount: webp.animated ? webp.frameCount : null,
    durationSeconds: webp.animated ? webp.durationSeconds : null,
    fps: webp.animated && webp.durationSeconds ? roundFps(webp.frameCount! / webp.durationSeconds) : null,
  }
}
