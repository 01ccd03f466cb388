import path from 'node:path'
import type { JobFile } from '../../db/repos/import-items'
import { vhsSidecarNames } from '../../generation/sidecars'
import type { Library } from '../library-context'

const ENDED = new Set(['done', 'failed', 'cancelled'])

/**
 * Stacks each video an import job brought in with its VideoHelperSuite PNG (`<stem>.png` beside it, also for its
 * `<stem>-audio.mp4`): the PNG among the job's own files (an upload's by name, as a drop pairs them), else the
 * PNG the library imported from that path before; and each PNG of the job with the video imported before from
 * beside it. Returns how many PNGs it stacked.
 */
export async function pairSidecars(lib: Pick<Library, 'catalog'>, jobId: string): Promise<number> {
  const { stacks } = lib.catalog.repos
  const files = await lib.catalog.repos.importItems.jobFiles(jobId)
  // A path the job names twice (an upload's name given twice) pairs with nothing: which lay beside the video is lost.
  const byPath = new Map<string, JobFile | null>()
  for (const file of files) byPath.set(file.path, byPath.has(file.path) ? null : file)
  let paired = 0
  for (const video of files.filter((file) => file.mediaType === 'video')) {
    const png = await firstPng(lib, byPath, sidecarsOf(video.path))
    if (png !== null && (await stacks.add(png, video.assetId, 'sidecar'))) paired++
  }
  for (const png of files.filter((file) => file.mediaType === 'image' && path.isAbsolute(file.path))) {
    const video = await videoBeside(lib, png.path)
    if (video && (await stacks.add(png.assetId, video, 'sidecar'))) paired++
  }
  return paired
}

/**
 * Pairs the files of each import of this process as it ends (also a cancelled or failed one's, as far as it got).
 * Returns what waits for the pairings under way (the library's close, before its database closes).
 */
export function pairSidecarsAfterImports(lib: Pick<Library, 'catalog' | 'events'>): () => Promise<void> {
  const underWay = new Set<Promise<void>>()
  lib.events.subscribe((event) => {
    if (event.name !== 'job:updated') return
    const { job } = event.payload
    if (job.kind !== 'import' || !ENDED.has(job.state)) return
    const pairing = pairSidecars(lib, job.id).then(
      () => {},
      (error: unknown) => console.error('The sidecars of an import were not stacked:', error),
    )
    underWay.add(pairing)
    void pairing.finally(() => underWay.delete(pairing))
  })
  return async () => {
    while (underWay.size > 0) await Promise.all(underWay)
  }
}

/** Where a video's PNGs would be, best first. */
function sidecarsOf(videoPath: string): string[] {
  return vhsSidecarNames(path.basename(videoPath)).map((name) => path.join(path.dirname(videoPath), name))
}

/** The image asset of the first of `candidates` that has one (see pngAt); null when none does. */
async function firstPng(
  lib: Pick<Library, 'catalog'>,
  byPath: Map<string, JobFile | null>,
  candidates: readonly string[],
): Promise<string | null> {
  for (const candidate of candidates) {
    const png = await pngAt(lib, byPath, candidate)
    if (png !== null) return png
  }
  return null
}

/** The image asset of the job's file at `file`, else (a path on this machine) the one imported from there before. */
async function pngAt(
  lib: Pick<Library, 'catalog'>,
  byPath: Map<string, JobFile | null>,
  file: string,
): Promise<string | null> {
  const inJob = byPath.get(file)
  if (inJob !== undefined) return inJob?.mediaType === 'image' ? inJob.assetId : null
  return path.isAbsolute(file) ? lib.catalog.repos.stacks.imageFrom(file) : null
}

/** The video imported before from beside the PNG at `pngPath` whose sidecar it is (the same stem's first). */
async function videoBeside(lib: Pick<Library, 'catalog'>, pngPath: string): Promise<string | null> {
  const { dir, name } = path.parse(pngPath)
  const stems = [`${name}.`, `${name}-audio.`]
  const found = (
    await Promise.all(stems.map((stem) => lib.catalog.repos.stacks.videosFrom(path.join(dir, stem))))
  ).flat()
  const beside = found.filter(({ originalPath }) => sidecarsOf(originalPath).includes(pngPath))
  return beside[0]?.id ?? null
}
