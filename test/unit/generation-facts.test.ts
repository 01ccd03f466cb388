import { describe, expect, it } from 'vitest'
import type { Generation } from '../../shared/contract'
import { generationView, problemText, sourceText } from '../../renderer/src/features/asset-detail/generation-facts'

const GENERATION: Generation = {
  videoId: 'a',
  provider: 'comfyui',
  model: 'dreamshaper_8.safetensors',
  prompt: 'a paper boat',
  negativePrompt: null,
  seed: '18446744073709551615',
  generationParams: {
    samplerNode: { id: '3', type: 'KSampler' },
    scheduler: 'karras',
    denoise: 1,
    steps: 25,
    sampler: 'dpmpp_2m',
    cfg: 7.5,
    width: 64,
    height: 48,
    loras: [{ name: 'add_detail.safetensors', weight: 0.7 }, { name: 'no-weight' }, 'junk'],
    sources: ['mp4:tag:prompt'],
    saveNodes: [{ nodeId: '9', nodeType: 'VHS_VideoCombine', fits: true }],
    problems: ['mp4:tag:workflow: not JSON (a string is not closed at the end)'],
  },
  jobId: null,
  status: 'completed',
  error: null,
  createdAt: '2026-05-01T10:00:00.000Z',
  startedAt: null,
  completedAt: null,
}

describe('generationView', () => {
  it('words the settings, keeps the seed as text, and leaves the rest for "Other parameters"', () => {
    const view = generationView(GENERATION, ['mp4:tag:workflow: not JSON (a string is not closed at the end)'])
    expect(view.settings).toEqual([
      { label: 'Provider', value: 'ComfyUI' },
      { label: 'Model', value: 'dreamshaper_8.safetensors' },
      { label: 'Seed', value: '18446744073709551615', copy: true },
      { label: 'Steps', value: '25' },
      { label: 'Sampler', value: 'dpmpp_2m (karras)' },
      { label: 'CFG', value: '7.5' },
      { label: 'Size', value: '64 × 48' },
    ])
    expect(view.loras).toEqual([
      { name: 'add_detail.safetensors', weight: 0.7 },
      { name: 'no-weight', weight: null },
    ])
    expect(view.other).toEqual([
      { label: 'samplerNode', value: '{"id":"3","type":"KSampler"}' },
      { label: 'denoise', value: '1' },
    ])
    // The same note from the asset's metadata and the parameters is listed once.
    expect(view.problems).toEqual(['mp4:tag:workflow: not JSON (a string is not closed at the end)'])
    expect(view.sources).toEqual(['mp4:tag:prompt'])
  })

  it('shows the broken tags of a file that has no generation details', () => {
    expect(generationView(null, ['png:tEXt:prompt: not JSON'])).toEqual({
      settings: [],
      loras: [],
      other: [],
      sources: [],
      problems: ['png:tEXt:prompt: not JSON'],
    })
    expect(generationView(null, 'not a list').problems).toEqual([])
  })
})

describe('source and problem words', () => {
  it.each([
    ['mp4:tag:prompt', 'mp4 tag “prompt”'],
    ['png:tEXt:parameters', 'png tEXt “parameters”'],
    ['sidecar', 'sidecar'],
  ])('%s reads as %s', (code, words) => expect(sourceText(code)).toBe(words))

  it('names the tag of a problem in words and leaves other notes alone', () => {
    expect(problemText('mp4:tag:workflow: not JSON (cut off)')).toBe('mp4 tag “workflow”: not JSON (cut off)')
    expect(problemText('the workflow could not be read')).toBe('the workflow could not be read')
  })
})
