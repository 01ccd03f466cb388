import { describe, expect, it } from 'vitest'
import type { ProcessingRun } from '../../shared/contract'
import {
  decodeAnalysesQuery,
  encodeAnalysesQuery,
  DEFAULT_ANALYSES_QUERY,
} from '../../renderer/src/features/analyses/analyses-url'
import {
  edgeLabel,
  lineageOf,
  processorFields,
  processorProblem,
} from '../../renderer/src/features/processing/processing-view'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'

const run = (id: number, input: string | null, output: string | null, parameters: unknown = {}): ProcessingRun => ({
  id,
  jobId: `job-${id}`,
  action: 'convert',
  inputPath: `/lib/${input ?? 'gone'}.mp4`,
  inputHash: 'sha256:aa',
  configHash: 'sha256:bb',
  outputPath: `/lib/${output ?? 'gone'}.mp4`,
  outputHash: 'sha256:cc',
  parameters,
  metadata: null,
  createdAt: 1,
  inputAssetId: input,
  outputAssetId: output,
})

describe('processing view', () => {
  it('splits runs into the asset’s inputs and outputs, keeping the path of a side not in the library', () => {
    const { inputs, outputs } = lineageOf('b', [run(1, 'a', 'b'), run(2, 'b', 'c'), run(3, 'b', null)])
    expect(inputs.map((step) => step.otherAssetId)).toEqual(['a'])
    expect(outputs.map((step) => [step.otherAssetId, step.otherPath])).toEqual([
      ['c', '/lib/c.mp4'],
      [null, '/lib/gone.mp4'],
    ])
  })

  it('labels an edge in words; a run of an action it does not know by its action and parameters in name order', () => {
    expect(edgeLabel(run(1, 'a', 'b', { preset: 'hevc-mp4' }))).toBe('Converted to HEVC MP4')
    const as = (action: string, parameters: unknown) => edgeLabel({ ...run(1, 'a', 'b', parameters), action })
    expect(as('extract_segment', { start: 30, end: 45 })).toBe('Segment 0:30–0:45')
    expect(as('proxy', { height: 540 })).toBe('Proxy, 540 lines')
    expect(as('extract_audio', { format: 'flac', track: 1 })).toBe('Sound as FLAC, track 2')
    expect(as('upscale', { scale: 2, model: 'esrgan' })).toBe('upscale model=esrgan scale=2')
    expect(edgeLabel(run(1, 'a', 'b', { start: 1, end: 2.5 }))).toBe('convert end=2.5 start=1')
    expect(edgeLabel(run(1, 'a', 'b', null))).toBe('convert')
  })

  it('reads the form’s fields from the contract: presets as a choice, numbers with their bounds', () => {
    expect(processorFields('convert')).toEqual([
      {
        kind: 'choice',
        name: 'preset',
        label: 'Preset',
        options: ['h264-mp4', 'h264-720p-mp4', 'hevc-mp4', 'vp9-webm'],
        defaultValue: 'h264-mp4',
      },
    ])
    expect(processorFields('proxy')).toEqual([
      { kind: 'number', name: 'height', label: 'Height (lines)', defaultValue: 540, min: 144, max: 1080 },
    ])
  })

  it('refuses a config in the form’s words: out of bounds, or a segment ending before it starts', () => {
    expect(processorProblem('proxy', { height: 100 })).toBe('Height (lines) must be a number from 144 to 1080.')
    expect(processorProblem('extract_segment', { start: 3, end: 2 })).toBe('End (s) must be after Start (s).')
    expect(processorProblem('extract_segment', { start: 1, end: 2 })).toBeNull()
  })
})

describe('analyses URL', () => {
  it('round-trips the filters and leaves defaults out', () => {
    const query = { analyzer: 'scenes' as const, label: 'a b,c&d', staleOnly: true }
    const search = encodeAnalysesQuery(query)
    expect(search).toBe('analyzer=scenes&label=a%20b%2Cc%26d&stale=1')
    expect(decodeAnalysesQuery(search)).toEqual(query)
    expect(encodeAnalysesQuery(DEFAULT_ANALYSES_QUERY)).toBe('')
  })

  it('drops an unknown analyzer, an over-long label and a bad flag one by one', () => {
    expect(decodeAnalysesQuery(`analyzer=nope&label=${'x'.repeat(65)}&stale=yes`)).toEqual(DEFAULT_ANALYSES_QUERY)
    expect(decodeAnalysesQuery('analyzer=black&stale=yes')).toEqual({ ...DEFAULT_ANALYSES_QUERY, analyzer: 'black' })
  })

  it('is carried by the #/analyses route only', () => {
    const route = routeFromHash('#/analyses?label=shot')
    expect(route?.analyses).toEqual({ ...DEFAULT_ANALYSES_QUERY, label: 'shot' })
    expect(hashOfRoute(route!)).toBe('#/analyses?label=shot')
    expect(routeFromHash('#/stats?label=shot')?.analyses).toBeUndefined()
    expect(hashOfRoute({ view: 'stats', assetId: null, analyses: route!.analyses })).toBe('#/stats')
  })
})
