import { describe, expect, it } from 'vitest'
import { analysisLabel, analysisLabels, formatSetting, type LabelledAnalysis } from '../../shared/analysis-label'

const row = (id: number, config: unknown, more: Partial<LabelledAnalysis> = {}): LabelledAnalysis => ({
  id,
  analyzer: 'scenes',
  config,
  valid: true,
  createdAt: 1_700_000_000 + id * 3600,
  ...more,
})

describe('an analysis named by its analyzer and the settings that differ from its defaults', () => {
  it('lists only the settings apart from the defaults, with their units', () => {
    expect(analysisLabel('scenes', { threshold: 0.4, minShotDuration: 0.4 })).toBe('Scenes · threshold 0.4')
    expect(analysisLabel('silence', { noiseDb: -40, minDuration: 1 })).toBe('Silence · noise −40 dB, min 1 s')
    expect(analysisLabel('scenes', { threshold: 0.15, minShotDuration: 1.5 })).toBe(
      'Scenes · threshold 0.15, min shot 1.5 s',
    )
    expect(analysisLabel('loudness', { marginLu: 8, minDuration: 0.3 })).toBe('Loudness · margin 8 LU')
    expect(analysisLabel('black', { minDuration: 1, pictureThreshold: 0.9, pixelThreshold: 0.1 })).toBe(
      'Black · black share 0.9',
    )
  })

  it('says "defaults" when nothing differs, and when settings were not recorded says so', () => {
    expect(analysisLabel('scenes', { threshold: 0.3, minShotDuration: 0.4 })).toBe('Scenes (defaults)')
    expect(analysisLabel('freeze', {})).toBe('Freeze (defaults)')
    // A float that went through arithmetic still reads as the default it is.
    expect(analysisLabel('scenes', { threshold: 0.1 + 0.2 })).toBe('Scenes (defaults)')
    expect(analysisLabel('scenes', null)).toBe('Scenes (settings not recorded)')
  })

  it('reads a plugin analyzer’s settings as recorded, all of them (no defaults are known)', () => {
    expect(analysisLabel('shot_detect', { minScore: 0.5, model: 'transnet' })).toBe(
      'Shot detect · min score 0.5, model transnet',
    )
    expect(analysisLabel('shot_detect', {})).toBe('Shot detect')
    expect(analysisLabel(null, null)).toBe('Unnamed analysis')
    // A field Framevault's analyzer does not have stays visible after the known ones.
    expect(analysisLabel('scenes', { threshold: 0.5, weights: [1, 2] })).toBe('Scenes · threshold 0.5, weights [1,2]')
  })

  it('writes numbers as people read them', () => {
    expect([0.4, -40, 1, 0.123456, 3600, -0.0001, 1e21].map(formatSetting)).toEqual([
      '0.4',
      '−40',
      '1',
      '0.123',
      '3600',
      '0',
      '1e+21',
    ])
  })
})

describe('one file’s analyses that would read the same are told apart by what differs', () => {
  it('leaves distinct labels alone and never shows a hash', () => {
    const labels = analysisLabels([row(1, {}), row(2, { threshold: 0.15 }), row(3, {}, { analyzer: 'black' })])
    expect([...labels.values()]).toEqual(['Scenes (defaults)', 'Scenes · threshold 0.15', 'Black (defaults)'])
  })

  it('marks a stale row beside its fresh one', () => {
    const labels = analysisLabels([row(1, {}), row(2, {}, { valid: false })])
    expect([labels.get(1), labels.get(2)]).toEqual(['Scenes (defaults)', 'Scenes (defaults, stale)'])
  })

  it('names the recorded version where the versions differ', () => {
    const labels = analysisLabels([
      row(1, { threshold: 0.4 }, { metadata: { version: 1 } }),
      row(2, { threshold: 0.4 }, { metadata: { version: 2 } }),
    ])
    expect([labels.get(1), labels.get(2)]).toEqual([
      'Scenes · threshold 0.4 (version 1)',
      'Scenes · threshold 0.4 (version 2)',
    ])
  })

  it('falls back to when each ran, then to the row number when they ran the same minute', () => {
    const at = new Date(2025, 2, 4, 14, 5).getTime() / 1000
    const labels = analysisLabels([
      row(1, {}, { createdAt: at }),
      row(2, {}, { createdAt: at + 3600 }),
      row(3, {}, { createdAt: at + 3610 }),
    ])
    expect([...labels.values()]).toEqual([
      'Scenes (defaults, run 2025-03-04 14:05)',
      'Scenes (defaults, run 2025-03-04 15:05, #2)',
      'Scenes (defaults, run 2025-03-04 15:05, #3)',
    ])
    // Stale tells two apart on its own: no time is added.
    const pair = analysisLabels([row(1, {}, { createdAt: at }), row(2, {}, { createdAt: at + 60, valid: false })])
    expect([...pair.values()]).toEqual(['Scenes (defaults)', 'Scenes (defaults, stale)'])
    // Only the rows stale does not tell apart get a time.
    const three = analysisLabels([
      row(1, {}, { createdAt: at }),
      row(2, {}, { createdAt: at + 3600 }),
      row(3, {}, { createdAt: at, valid: false }),
    ])
    expect([...three.values()]).toEqual([
      'Scenes (defaults, run 2025-03-04 14:05)',
      'Scenes (defaults, run 2025-03-04 15:05)',
      'Scenes (defaults, stale)',
    ])
  })

  it('answers nothing for no rows', () => {
    expect(analysisLabels([]).size).toBe(0)
  })
})
