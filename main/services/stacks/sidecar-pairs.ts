import path from 'node:path'
import { SidecarPairingJob, type Job } from '../../../shared/contract'
import type { JobFile } from '../../db/repos/import-items'
import { vhsSidecarNames } from '../../generation/sidecars'
import { jobHandler } from '../../jobs/job-handler'
import type { Library, Uses } from '../library-context'

/** What pairing reads and writes: an import's files, the assets imported from beside them, the stacks. */
type Pairing = Uses<'importItems' | 'stacks'>

/**
 * Stacks each video an import job brought in with its VideoHelperSuite PNG (`<stem>.png` beside it, also for its
 * `<stem>-audio.mp4`): the PNG among the job's own files (an upload's by name, as a drop pairs them), else the
 * PNG the library imported from that path before; and each PNG of the job with the video imported before from
 * beside it. Returns how many PNGs it stacked.
 */
export async function pairSidecars(lib: Pairing, jobId: string): Promise<number> {
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
 * The job that stacks an import's videos with their PNGs after it ends (also a cancelled or failed one's, as far as
 * it got): a job, so a process that stops first leaves it for the next open. Retryable: a pair stacked is kept.
 */
export const sidecarPairingHandler = jobHandler({
  kind: 'sidecar-pairing',
  params: SidecarPairingJob.shape.params,
  result: SidecarPairingJob.shape.result.unwrap(),
  retryable: true,
  runs: 'anywhere',
  after: queuePairing,
  run: async (lib: Pairing & Pick<Library, 'jobs'>, { importJobId }) => ({
    paired: await pairSidecars(lib, importJobId),
  }),
})

/** Queues the pairing of an ended import's files, when it recorded any (a processor's output pairs with nothing). */
async function queuePairing(lib: Pick<Library, 'jobs'>, ended: Job): Promise<void> {
  if (ended.kind !== 'import' || ended.params.sourceType === 'processed') return
  // The import's own counts (kept also when it failed or was cancelled) say whether it recorded any file.
  const counts = ended.result?.counts
  if (!counts || counts.imported + counts.duplicate === 0) return
  const title = `Pair sidecar PNGs after the ${ended.title.charAt(0).toLowerCase()}${ended.title.slice(1)}`
  await lib.jobs.start('sidecar-pairing', { importJobId: ended.id }, { title })
}

/** Where a video's PNGs would be, best first. */
function sidecarsOf(videoPath: string): string[] {
  return vhsSidecarNames(path.basename(videoPath)).map((name) => path.join(path.dirname(videoPath), name))
}

/** The image asset of the first of `candidates` that has one (see pngAt); null when none does. */
async function firstPng(
  lib: Pairing,
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
async function pngAt(lib: Pairing, byPath: Map<string, JobFile | null>, file: string): Promise<string | null> {
  const inJob = byPath.get(file)
  if (inJob !== undefined) return inJob?.mediaType === 'image' ? inJob.assetId : null
  return path.isAbsolute(file) ? lib.catalog.repos.stacks.imageFrom(file) : null
}

/** The video imported before from beside the PNG at `pngPath` whose sidecar it is (the same stem's first). */
async function videoBeside(lib: Pairing, pngPath: string): Promise<string | null> {
  const { dir, name } = path.parse(pngPath)
  const stems = [`${name}.`, `${name}-audio.`]
  const found = (
    await Promise.all(stems.map((stem) => lib.catalog.repos.stacks.videosFrom(path.join(dir, stem))))
  ).flat()
  const beside = found.filter(({ originalPath }) => sidecarsOf(originalPath).includes(pngPath))
  return beside[0]?.id ?? null
}
