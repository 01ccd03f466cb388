import path from 'node:path'
import { z } from 'zod'
import {
  SubtitleCue,
  type ChannelOutput,
  type NewSubtitleTrack,
  type ParsedInput,
  type SubtitleTrack,
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library, Uses } from '../library-context'
import { stagingDir } from '../../library/library-paths'
import { ProbeError, probeWithFallback } from '../../media/probe'
import { readSubtitles } from '../../media/read-subtitles'
import { subtitlesBeside } from '../../media/subtitle-sidecars'
import { assetLocalFile } from '../assets/content-hash'
import { parseJsonText } from '../workflows/values'

// The cues of one sidecar track sent by a push: at most 100,000 (a feature film has a few thousand).
const SentCues = z.array(SubtitleCue).max(100_000)

/** An asset's subtitle tracks with their cues (`subtitles:list`); not_found for an unknown asset. */
export async function subtitlesOf(lib: Uses<'media' | 'subtitles'>, assetId: string): Promise<SubtitleTrack[]> {
  if (!(await lib.catalog.repos.media.fileOf(assetId))) throw new AppError('not_found', `No asset ${assetId}.`)
  return lib.catalog.repos.subtitles.list(assetId)
}

/**
 * Reads a video's subtitles again (`subtitles:read`): the streams of its file, and the sidecar files beside the file
 * it was imported from when that folder is still there (a video imported before subtitles were read has none yet).
 * A sidecar track whose file is not found there (it came with an upload, or was moved) is kept as it was.
 */
export async function readSubtitlesAgain(
  lib: Pick<Library, 'catalog' | 'dir' | 'store' | 'tools'>,
  assetId: string,
  signal: AbortSignal = new AbortController().signal,
): Promise<SubtitleTrack[]> {
  const asset = await lib.catalog.repos.media.get(assetId)
  if (!asset) throw new AppError('not_found', `No asset ${assetId}.`)
  if (asset.mediaType !== 'video') throw new AppError('validation', `${asset.name} is no video: it has no subtitles.`)
  const file = await assetLocalFile(lib, asset)
  const besideOriginal = asset.originalPath
    ? await subtitlesBeside(asset.originalPath)(path.basename(asset.originalPath))
    : []
  const { tools } = lib
  const probed = await probeWithFallback(tools.ffprobe, () => tools.ffprobeFallback, file, signal, tools.run).catch(
    (error: unknown) => {
      if (error instanceof ProbeError)
        throw new AppError('io', `${asset.name} is not a readable video: ${error.message}`)
      throw error
    },
  )
  const read = await readSubtitles({
    tools,
    file,
    probe: probed.output,
    sidecars: besideOriginal,
    tempDir: stagingDir(lib.dir),
    signal,
  })
  const found = new Set(besideOriginal.map((sidecar) => sidecar.name))
  return lib.catalog.transaction(async ({ subtitles }) => {
    const kept: NewSubtitleTrack[] = (await subtitles.list(assetId)).filter(
      (track) => track.source === 'sidecar' && !found.has(track.fileName ?? ''),
    )
    await subtitles.replace(assetId, [...read, ...kept], new Date().toISOString())
    return subtitles.list(assetId)
  })
}

/**
 * Adds the sidecar tracks another library read for this asset (`subtitles:put`, a push), each unless a sidecar of
 * that file name is here already; cues are checked whole before anything is written.
 */
export async function putSubtitles(
  lib: Uses<'media' | 'subtitles'>,
  { assetId, tracks }: ParsedInput<'subtitles:put'>,
): Promise<ChannelOutput<'subtitles:put'>> {
  const sent: NewSubtitleTrack[] = tracks.map(({ cues, ...track }) => {
    const read = SentCues.safeParse(parseJsonText(cues, `The cues of ${track.fileName}`))
    if (!read.success) {
      throw new AppError('validation', `The cues of ${track.fileName} are not a list of {start, end, text}.`)
    }
    return { ...track, source: 'sidecar', streamIndex: null, cues: read.data }
  })
  if (!(await lib.catalog.repos.media.fileOf(assetId))) throw new AppError('not_found', `No asset ${assetId}.`)
  return lib.catalog.transaction(async ({ subtitles }) => {
    const here = await subtitles.list(assetId)
    const names = new Set(here.flatMap((track) => (track.source === 'sidecar' ? [track.fileName] : [])))
    const missing = sent.filter((track) => !names.has(track.fileName))
    if (missing.length > 0) await subtitles.replace(assetId, [...here, ...missing], new Date().toISOString())
    return { added: missing.length, present: sent.length - missing.length }
  })
}
