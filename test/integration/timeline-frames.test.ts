import { describe, expect, inject, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { extractFrames } from '../../main/pipelines/timeline-frames'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const { ffmpeg } = resolveMediaTools()

describe('timeline frames', () => {
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
