import { vhsSidecarNames, type SidecarFinder } from '../generation/sidecars'
import { mediaTypeOf } from '../media/media-types'
import type { UploadedSource } from './import-request'

/** The sidecars among the files of one upload request, as the path import finds them beside a video. */
export interface UploadSidecars {
  /** Finds a sidecar among the request's other files, by the name it would have beside the video. */
  find: SidecarFinder
  /** Whether this upload is some video's sidecar: its temp file stays until the job ends, for the video to read. */
  isSidecar(upload: UploadedSource): boolean
}

/**
 * Pairs the files of one drop (or one file-picker upload) by name, the way the path import pairs a
 * video with the files beside it: VideoHelperSuite's `<stem>.png` (`vhsSidecarNames`), in whatever
 * order the files came. A drop carries no folders, so a name given twice pairs with nothing: which of
 * the two lay beside the video is lost, and a prompt taken from the wrong one would mislead.
 */
export function uploadSidecars(uploads: readonly UploadedSource[]): UploadSidecars {
  const byName = new Map<string, UploadedSource | null>()
  for (const upload of uploads) byName.set(upload.name, byName.has(upload.name) ? null : upload)
  const videos = uploads.filter((upload) => mediaTypeOf(upload.name) === 'video')
  const wanted = new Set(videos.flatMap((upload) => vhsSidecarNames(upload.name)))
  return {
    find: async (relative) => {
      const upload = byName.get(relative)
      return upload ? { path: upload.path, size: upload.size } : null
    },
    isSidecar: (upload) => byName.get(upload.name) === upload && wanted.has(upload.name),
  }
}
