import { describe, expect, it } from 'vitest'
import { processorTitle, settingWords } from '../../renderer/src/features/processing/config-words'

describe('a processing run’s config in words', () => {
  it('puts the settings that differ from the defaults first, in words with the preset’s own name', () => {
    expect(settingWords('extract_audio', { format: 'm4a', track: 1 })).toEqual([
      { label: 'Sound track', value: 'number 2', changed: true },
      { label: 'Format', value: 'M4A (AAC, 192 kb/s)', changed: false },
    ])
    expect(settingWords('convert', { preset: 'h264-720p-mp4' })).toEqual([
      { label: 'Preset', value: 'H.264 video at most 720 lines high, AAC sound, MP4 (h264-720p-mp4)', changed: true },
    ])
    expect(settingWords('extract_segment', { start: 0, end: 4.5 }).map((s) => [s.label, s.value, s.changed])).toEqual([
      ['End', '4.5 s', true],
      ['Start', '0 s', false],
    ])
    expect(settingWords('proxy', { height: 540 })).toEqual([{ label: 'Height', value: '540 lines', changed: false }])
  })

  it('reads a run another tool recorded as written: its own action and parameters', () => {
    expect(processorTitle('convert')).toBe('Convert')
    expect(processorTitle('denoise')).toBe('denoise')
    expect(settingWords('denoise', { strength: 0.4, model: 'nafnet' })).toEqual([
      { label: 'strength', value: '0.4', changed: true },
      { label: 'model', value: 'nafnet', changed: true },
    ])
    // A recorded config that is no object (older plugins wrote none) has no settings to list.
    expect(settingWords('proxy', null)).toEqual([])
    // A field Framevault's processor does not have stays visible, after the changed known ones.
    expect(settingWords('proxy', { height: 360, tune: 'film' }).map((s) => s.label)).toEqual(['Height', 'tune'])
  })
})
