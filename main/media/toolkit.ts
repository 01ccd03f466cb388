import type { StartHelper } from './helper-process'
import { ffprobeOnPath, resolveMediaTools, tesseractPath, type MediaTools } from './media-tools'
import type { RunTool } from './tool-io'
import { createToolRunner } from './tool-runner'

/** A library's ffmpeg/ffprobe: where they are and how they run (from one small helper process). */
export interface Toolkit extends Required<MediaTools> {
  /** Runs ffmpeg/ffprobe from the helper process (see tool-runner.ts). */
  run: RunTool
  /** Kills running tools and the helper process. */
  close(): void
}

/** The toolkit for the given tool paths (default: resolveMediaTools); `ffprobeFallback` is resolved on first read. */
export function createToolkit(given: MediaTools = resolveMediaTools(), startHelper?: StartHelper): Toolkit {
  let fallback = given.ffprobeFallback
  const runner = createToolRunner(startHelper)
  return {
    ffmpeg: given.ffmpeg,
    ffprobe: given.ffprobe,
    tesseract: given.tesseract ?? tesseractPath(),
    // Searching PATH (synchronously) is needed only once ffprobe crashes on a file: not at every library open.
    get ffprobeFallback(): string | null {
      if (fallback === undefined) fallback = ffprobeOnPath(given.ffprobe)
      return fallback
    },
    run: runner.run,
    close: runner.close,
  }
}
