import type { MediaType, NewSubtitleTrack } from '../../shared/contract'
import type { GenerationFacts } from '../generation/generation-facts'
import { readGeneration } from '../generation/read-generation'
import { stagingDir } from '../library/library-paths'
import { describeMedia, type MediaFacts } from '../media/media-facts'
import { IN_PROCESS, probeInProcess } from '../media/in-process-probe'
import { mediaTypeByStreams, probeWithFallback, ProbeError, requireStreams } from '../media/probe'
import { readSubtitles } from '../media/read-subtitles'
import { subtitlesBeside } from '../media/subtitle-sidecars'
import type { ImportSource } from './import-file'
import type { IngestContext } from './ingest-context'

/** A file the import refuses, with the reason in words: the file's outcome is 'failed' with it. */
export class Rejected extends Error {}

/** A file's metadata as the import stores it, with the probe that read it. */
export type ProbedMetadata = MediaFacts & { probedWith: string }

/**
 * A file's type by its streams, its metadata, what it says about how it was made (tags, chunks, sidecars) and, unless
 * `withSubtitles` is false (a duplicate read for its generation alone), a video's subtitles.
 */
export async function probeFile(
  ctx: IngestContext,
  source: ImportSource,
  byExtension: MediaType,
  signal: AbortSignal,
  withSubtitles = true,
): Promise<{
  mediaType: MediaType
  metadata: ProbedMetadata
  generation: GenerationFacts
  subtitles: NewSubtitleTrack[]
}> {
  const { ffprobe } = ctx.tools
  const file = source.path
  let mediaType = byExtension
  try {
    return await ctx.probeLimit(async () => {
      const fallback = () => ctx.tools.ffprobeFallback
      const local = ctx.inProcessProbe ? await probeInProcess(file) : null
      const { output, probedWith } = local
        ? { output: local, probedWith: IN_PROCESS }
        : await probeWithFallback(ffprobe, fallback, file, signal, ctx.runTool)
      mediaType = mediaTypeByStreams(output, byExtension)
      requireStreams(output, mediaType)
      // The damage check asks an ffprobe for the last packets of a cut file: the one that read it, else the library's.
      const tail = { ffprobe: local ? ffprobe : probedWith, run: ctx.runTool, signal }
      const metadata = { ...(await describeMedia(file, source.name, mediaType, output, tail)), probedWith }
      // Never throws: a broken tag is one of `problems`.
      const generation = await readGeneration({
        filePath: file,
        fileName: source.name,
        mediaType,
        probe: output,
        sidecars: source.sidecars,
      })
      // Never throws for one track: a track that cannot be read keeps its problem.
      const subtitles =
        mediaType === 'video' && withSubtitles
          ? await readSubtitles({
              tools: ctx.tools,
              file,
              probe: output,
              sidecars: await (source.subtitles ?? subtitlesBeside(file))(source.name),
              tempDir: stagingDir(ctx.libraryDir),
              signal,
            })
          : []
      return { mediaType, metadata, generation, subtitles }
    })
  } catch (error) {
    if (signal.aborted) throw error
    if (error instanceof ProbeError) throw new Rejected(`Not a readable ${mediaType}: ${error.message}`)
    // Reading the file's own bytes (WebP chunks, box headers) failed: a per-file read error.
    if ((error as NodeJS.ErrnoException).code) throw error
    // ffprobe itself is missing or broken: that fails the whole job, not this one file.
    throw new Error(`Cannot run ffprobe (${ffprobe}): ${(error as Error).message}`)
  }
}
