import { open } from 'node:fs/promises'
import path from 'node:path'
import type { MediaType } from '../../shared/contract'
import type { FfprobeOutput } from '../media/media-metadata'
import { emptyFacts, type GenerationFacts, type TextEntries } from './generation-facts'
import { readHeifExifText, readJpegExifText, readWebpExifText } from './image-exif'
import { interpretEntries } from './interpret-entries'
import { readAt, readPngText } from './png-text'
import { filesBeside, readInvokeSidecar, readVhsSidecar, type SidecarFinder } from './sidecars'
import { creationTime, readVideoTags } from './video-tags'

export type { GenerationFacts } from './generation-facts'

/** What readGeneration needs to know about a file. */
export type GenerationInput = {
  /** Where the file is now; sidecars are looked for beside it, so pass the path it was found at, not the library's copy. */
  filePath: string
  /** The name it is known by (its extension decides which save node fits); defaults to the path's. */
  fileName?: string
  mediaType: MediaType
  /** ffprobe's output for the file, as the import already has it (videos' tags are read from it). */
  probe?: FfprobeOutput | null
  /** Where a video's sidecars are, by the names `fileName` gives them; default: files beside `filePath`. */
  sidecars?: SidecarFinder
}

/**
 * The generation facts a file carries: PNG text chunks, WebP, JPEG and AVIF/HEIF EXIF, video container and
 * stream tags, and the sidecars generators write beside videos. Never throws: a file that cannot be
 * read, or a broken tag, is a line in `problems`.
 */
export async function readGeneration(input: GenerationInput): Promise<GenerationFacts> {
  const facts = emptyFacts()
  const fileName = input.fileName ?? path.basename(input.filePath)
  const extension = path.extname(fileName).slice(1).toLowerCase()
  try {
    // Sound files carry their tags where videos do (ComfyUI's SaveAudio writes `prompt`/`workflow` into FLAC/MP3/Opus).
    const tagged = input.mediaType !== 'image'
    const found = tagged ? videoEntries(input.probe, extension, facts) : await imageEntries(input.filePath)
    facts.problems.push(...found.problems)
    interpretEntries(found.entries, extension, facts)
    if (input.mediaType === 'video' && facts.provider === null) {
      await readSidecars(fileName, extension, input.sidecars ?? filesBeside(input.filePath), facts)
    }
  } catch (error) {
    facts.problems.push(`could not read the file: ${error instanceof Error ? error.message : String(error)}`)
  }
  return facts
}

function videoEntries(probe: FfprobeOutput | null | undefined, extension: string, facts: GenerationFacts): TextEntries {
  if (!probe) return { entries: [], problems: [] }
  const created = creationTime(probe)
  if (created) {
    facts.createdAt = created.at
    facts.sources.push(`${extension}:${created.source}`)
  }
  return readVideoTags(probe, extension || 'video')
}

/** An image's text, by what its first bytes say it is (an extension can lie). */
async function imageEntries(filePath: string): Promise<TextEntries> {
  const file = await open(filePath, 'r')
  try {
    const { size } = await file.stat()
    const head = Buffer.alloc(12)
    await readAt(file, head, 0)
    if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return await readPngText(file, size)
    if (head[0] === 0xff && head[1] === 0xd8) return await readJpegExifText(file, size)
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') {
      return await readWebpExifText(file, size)
    }
    // HEIF (AVIF, HEIC): an ISO file whose brand names it; the generator's text is in its Exif item.
    if (head.toString('latin1', 4, 8) === 'ftyp') {
      const brand = head.toString('latin1', 8, 12)
      return await readHeifExifText(file, size, brand === 'avif' || brand === 'avis' ? 'avif' : 'heif')
    }
    return { entries: [], problems: [] }
  } finally {
    await file.close()
  }
}

/** A video with no generation tags of its own: VideoHelperSuite's PNG beside it, else InvokeAI's JSON sidecar. */
async function readSidecars(
  videoName: string,
  extension: string,
  find: SidecarFinder,
  facts: GenerationFacts,
): Promise<void> {
  for (const read of [readVhsSidecar, readInvokeSidecar]) {
    const found = await read(videoName, find)
    if (!found) continue
    facts.problems.push(...found.problems)
    interpretEntries(found.entries, extension, facts)
    if (facts.provider !== null) return
  }
}
