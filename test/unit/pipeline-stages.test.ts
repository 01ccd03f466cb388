import { describe, expect, it } from 'vitest'
import type { StageName } from '../../shared/pipeline-stages'
import { orderProblem, pipelineDefinition, readPipelineDefinition } from '../../main/pipelines/pipeline-definition'
import { jpegScaleFor } from '../../main/pipelines/timeline-frames'
import { keptFrames } from '../../main/services/pipelines/stages/dedupe-frames'
import { shotKeyframes } from '../../main/services/pipelines/stages/keyframes'
import { STAGE_READS } from '../../main/services/pipelines/stages'

const hash = (ones: number) => {
  const bits = '1'.repeat(ones).padEnd(256, '0')
  return Array.from({ length: 64 }, (_, i) => parseInt(bits.slice(i * 4, i * 4 + 4), 2).toString(16)).join('')
}

describe('pipeline stages', () => {
  it('dedupe keeps the first frame and each one beyond max_distance of the last kept', () => {
    const frames = [0, 3, 10, 12, 30, 0].map((ones, sequence) => ({ sequence, perceptualHash: hash(ones) }))
    expect(keptFrames(frames, 8)).toEqual([0, 2, 4, 5])
    expect(keptFrames(frames, 2)).toEqual([0, 1, 2, 4, 5])
    expect(keptFrames(frames, 0)).toEqual([0, 1, 2, 3, 4, 5])
    expect(keptFrames([], 8)).toEqual([])
  })

  it('keyframes pick the kept frame nearest each shot middle, none for a shot without one', () => {
    const kept = [0, 1, 2, 3, 6, 7].map((second) => ({ sequence: second * 2, timestamp: second }))
    expect(
      shotKeyframes(
        [
          { start: 0, end: 4 },
          { start: 4, end: 6 },
          { start: 6, end: 9 },
        ],
        kept,
      ),
    ).toEqual([
      { shot_start: 0, shot_end: 4, sequence: 4, timestamp: 2 },
      { shot_start: 6, shot_end: 9, sequence: 14, timestamp: 7 },
    ])
  })

  it('a pipeline definition reads back as its plan, and bad ones say why', () => {
    const plan = {
      name: 'P',
      stages: ['frames', 'dedupe_frames', 'text', 'match'] as StageName[],
      config: { match: { terms: ['A'] } },
    }
    const definition = pipelineDefinition(plan, STAGE_READS)
    expect(readPipelineDefinition(definition)).toEqual({
      ...plan,
      config: { frames: {}, dedupe_frames: {}, text: {}, match: { terms: ['A'] } },
    })
    expect((definition.connections as { to: string }[]).map((edge) => edge.to)).toEqual([
      'dedupe_frames-input-frames',
      'text-input-frames',
      'text-input-dedupe_frames',
      'match-input-text',
    ])
    expect(readPipelineDefinition({ kind: 'framevault-pipeline', nodes: [{ type: 'ocr' }] })).toBe(
      'unknown stage "ocr"',
    )
    expect(readPipelineDefinition({ nodes: [] })).toBe('not a Framevault pipeline')
  })

  it('refuses stages before what they read', () => {
    expect(orderProblem(['text', 'match'], STAGE_READS, [])).toBe('text needs dedupe_frames: put it before text.')
    expect(orderProblem(['keyframes'], STAGE_READS, ['scenes'])).toBe(
      'keyframes needs dedupe_frames: put it before keyframes.',
    )
    expect(orderProblem(['keyframes'], STAGE_READS, [])).toMatch(/needs scenes and dedupe_frames: put them/)
    expect(orderProblem(['match'], STAGE_READS, ['dedupe_frames', 'text'])).toBeNull()
  })

  it('maps IJG quality to ffmpeg JPEG scales, 85 to 2', () => {
    expect(jpegScaleFor(85)).toBe(2)
    expect(jpegScaleFor(75)).toBe(3)
    expect(jpegScaleFor(10)).toBe(28)
    expect(jpegScaleFor(100)).toBe(2)
  })
})
