import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import type { OpenedObject } from '../../storage/object-store'
import { frameStore } from './timelines'

const FRAME_PATH = /^\/media\/frames\/(\d{1,12})\/(\d{1,9})\.jpg$/

/** Parses `/media/frames/<timeline id>/<sequence>.jpg`, the URL both hosts serve a timeline's frame at. */
export function parseFramePath(pathname: string): { timelineId: number; sequence: number } | undefined {
  const match = FRAME_PATH.exec(pathname)
  return match ? { timelineId: Number(match[1]), sequence: Number(match[2]) } : undefined
}

/** Opens one frame of a timeline (a JPEG under the library's frame store); the caller reads or closes it. */
export async function openTimelineFrame(
  lib: Pick<Library, 'catalog' | 'store'>,
  timelineId: number,
  sequence: number,
): Promise<OpenedObject> {
  const [frame] = await lib.catalog.repos.timelines.framePage(timelineId, sequence, 1)
  if (!frame || frame.sequence !== sequence) {
    throw new AppError('not_found', `Timeline ${timelineId} has no frame ${sequence}.`)
  }
  // A frames folder that is a symlink leading out of the library is refused by the store ('forbidden').
  return frameStore(lib)
    .open(frame.frameKey, 'image/jpeg')
    .catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error
      throw new AppError('not_found', `Frame ${sequence} of timeline ${timelineId} is missing from the library.`)
    })
}
