import path from 'node:path'
import type { JobFile } from '../../db/repos/stacks'
import { vhsSidecarNames } from '../../generation/sidecars'
import type { Library } from '../../app/library-context'

const ENDED = new Set(['done', 'failed', 'cancelled'])

/**
 * Stacks each video an import job brought in with its VideoHelperSuite PNG (`<stem>.png` beside it, also for its
 * `<stem>-audio.mp4`): the PNG among the job's own files (an upload's by name, as a drop pairs them), else the
 * PNG the library imported from that path before; and each PNG of the job with the video imported before from
 * beside it. Returns how many PNGs it stacked.
 */
export function pairSidecars(lib: Pick<Library, 'repos'>, jobId: string): number {
  const { stacks } = lib.repos
  const files = stacks.jobFiles(jobId)
  // A path the job names twice (an upload's name given twice) pairs with nothing: which lay beside the video is lost.
  const byPath = new Map<string, JobFile | null>()
  for (const file of files) byPath.set(file.path, byPath.has(file.path) ? null : file)
  let paired = 0
  for (const video of files.filter((file) => file.mediaType === 'video')) {
    const png = sidecarsOf(video.path)
      .map((candidate) => pngAt(lib, byPath, candidate))
      .find((id) => id !== null)
    if (png && stacks.add(png, video.assetId, 'sidecar')) paired++
  }
  for (const png of files.filter((file) => file.mediaType === 'image' && path.isAbsolute(file.path))) {
    const video = videoBeside(lib, png.path)
    if (video && stacks.add(png.assetId, video, 'sidecar')) paired++
  }
  return paired
}

/** Pairs the files of each import of this process as it ends (also a cancelled or failed one's, as far as it got). */
export function pairSidecarsAfterImports(lib: Pick<Library, 'events' | 'repos'>): () => void {
  return lib.events.subscribe((event) => {
    if (event.name !== 'job:updated') return
    const { job } = event.payload
    if (job.kind !== 'import' || !ENDED.has(job.state)) return
    try {
      pairSidecars(lib, job.id)
    } catch (error) {
      console.error('The sidecars of an import were not stacked:', error)
    }
  })
}

/** Where a video's PNGs would be, best first. */
function sidecarsOf(videoPath: string): string[] {
  return vhsSidecarNames(path.basename(videoPath)).map((name) => path.join(path.dirname(videoPath), name))
}

/** The image asset of the job's file at `file`, else (a path on this machine) the one imported from there before. */
function pngAt(lib: Pick<Library, 'repos'>, byPath: Map<string, JobFile | null>, file: string): string | null {
  const inJob = byPath.get(file)
  if (inJob !== undefined) return inJob?.mediaType === 'image' ? inJob.assetId : null
  return path.isAbsolute(file) ? lib.repos.stacks.imageFrom(file) : null
}

/** The video imported before from beside the PNG at `pngPath` whose sidecar it is (the same stem's first). */
function videoBeside(lib: Pick<Library, 'repos'>, pngPath: string): string | null {
  const { dir, name } = path.parse(pngPath)
  const found = [`${name}.`, `${name}-audio.`].flatMap((stem) => lib.repos.stacks.videosFrom(path.join(dir, stem)))
  const beside = found.filter(({ originalPath }) => sidecarsOf(originalPath).includes(pngPath))
  return beside[0]?.id ?? null
}
