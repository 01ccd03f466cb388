import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { extractFrames } from '../../main/pipelines/timeline-frames'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg } = resolveMediaTools()

/** A 4 s clip at 25 fps whose picture n is grey level 20 + 2n all over: a frame's grey tells which picture it holds. */
function numberedClip(): string {
  const file = path.join(tempDir(), 'numbered.mp4')
  const source = "color=black:s=64x64:rate=25:d=4,format=gray,geq=lum='20+N*2'"
  execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', source, '-c:v', 'libx264', '-qp', '0', file])
  return file
}

/** Which picture of numberedClip a JPEG holds, by its mean grey (the JPEG's full range back to video's 16–235). */
function pictureIn(jpeg: string): number {
  const grey = execFileSync(ffmpeg, ['-v', 'error', '-i', jpeg, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'])
  const mean = grey.reduce((sum, level) => sum + level, 0) / grey.length
  return Math.round(((mean * 219) / 255 + 16 - 20) / 2)
}

describe('timeline frames', () => {
  // Issue 62 point 3: a frame's timestamp is the presentation time of the picture it holds (ffmpeg's fps filter
  // stored picture 6, shown at 0.24 s, at 0 s), and frame n is the first picture shown at or after n / fps.
  it('stores each frame at the time its picture is shown, the first at or after each n / fps', async () => {
    const config = { fps: 2, longest_side: 64, quality: 85, sampling: 'source-times' as const }
    const frames = await extractFrames(ffmpeg, numberedClip(), config, tempDir())
    const shown = frames.map((frame) => ({ timestamp: frame.timestamp, picture: pictureIn(frame.file) }))
    expect(shown.map((frame) => frame.picture)).toEqual([0, 13, 25, 38, 50, 63, 75, 88])
    for (const frame of shown) expect(frame.timestamp).toBeCloseTo(frame.picture / 25, 3)
  })

  it('aborted while a frame is being hashed, throws the abort and leaves no rejection unheard', async () => {
    const unheard: unknown[] = []
    const hear = (reason: unknown) => unheard.push(reason)
    process.on('unhandledRejection', hear)
    try {
      const controller = new AbortController()
      const config = { fps: 5, longest_side: 320, quality: 85 }
      // Aborted right after a frame is sent to the hasher: its hash is still owed when the hasher is closed.
      const sampling = extractFrames(ffmpeg, fixtures.longClip, config, tempDir(), {
        signal: controller.signal,
        onFrame: (timestamp) => {
          if (timestamp >= 1) controller.abort()
        },
      })
      await expect(sampling).rejects.toMatchObject({ name: 'AbortError' })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(unheard).toEqual([])
    } finally {
      process.off('unhandledRejection', hear)
    }
  })
})
