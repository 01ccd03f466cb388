import path from 'node:path'
import type { MediaType } from '../../shared/contract'

/** Video file extensions Framevault imports (lower case, without the dot). */
export const VIDEO_EXTENSIONS: readonly string[] = [
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'wmv',
  'flv',
  'mpg',
  'mpeg',
  'ts',
  'mts',
  'm2ts',
  '3gp',
  'ogv',
  'mxf',
]

/** Image file extensions Framevault imports (lower case, without the dot). */
export const IMAGE_EXTENSIONS: readonly string[] = [
  'png',
  'jpg',
  'jpeg',
  'webp',
  'gif',
  'bmp',
  'tif',
  'tiff',
  'avif',
  'heic',
]

/** Audio file extensions Framevault imports (lower case, without the dot); `.ogg` is taken as sound, `.ogv` as video. */
export const AUDIO_EXTENSIONS: readonly string[] = [
  'mp3',
  'wav',
  'flac',
  'm4a',
  'aac',
  'ogg',
  'oga',
  'opus',
  'aif',
  'aiff',
]

const videos = new Set(VIDEO_EXTENSIONS)
const images = new Set(IMAGE_EXTENSIONS)
const sounds = new Set(AUDIO_EXTENSIONS)

/** Whether a file name (or path) is a video, an image or audio by its extension, case-insensitively; undefined otherwise. */
export function mediaTypeOf(fileName: string): MediaType | undefined {
  const extension = extensionOf(fileName)
  if (videos.has(extension)) return 'video'
  if (images.has(extension)) return 'image'
  if (sounds.has(extension)) return 'audio'
  return undefined
}

/** Why a file that mediaTypeOf rejects will not be imported, in words for the user. */
export function unsupportedTypeReason(fileName: string): string {
  const extension = extensionOf(fileName)
  const what = extension
    ? `Unsupported file type ".${extension}"`
    : `"${path.basename(fileName)}" has no file extension`
  return `${what}: Framevault imports videos (mp4, mov, mkv, webm, …), images (png, jpg, webp, gif, …) and audio (mp3, wav, flac, m4a, …).`
}

/** The lower-case extension without the dot; '' for none (".profile" and "notes." have none). */
function extensionOf(fileName: string): string {
  return path.extname(fileName).slice(1).toLowerCase()
}
