import { describe, expect, it } from 'vitest'
import {
  adoptionGroups,
  adoptionSummary,
  analyzerOf,
  fileName,
  filterAnalyses,
  filterProcessing,
  formatJson,
  linkedAssets,
  matchLabel,
  matchOf,
  pathProblem,
  rememberPath,
  type CacheAnalysis,
  type CacheProcessing,
} from '../../renderer/src/features/analyses/plugin-caches-view'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'

const HASH = `sha256:${'a'.repeat(64)}`
const none = { assetId: null, sameContentAssetId: null }

function analysis(id: number, createdAt: number, more: Partial<CacheAnalysis> = {}): CacheAnalysis {
  return {
    id,
    filePath: `/media/clip-${id}.mp4`,
    fileHash: HASH,
    configHash: HASH,
    ranges: [],
    metadata: null,
    createdAt,
    ...none,
    ...more,
  }
}

function processing(id: number, createdAt: number, more: Partial<CacheProcessing> = {}): CacheProcessing {
  return {
    id,
    jobId: `job-${id}`,
    action: 'convert',
    inputPath: `/media/in-${id}.mp4`,
    inputHash: HASH,
    configHash: '',
    outputPath: `/out/out-${id}.mp4`,
    outputHash: HASH,
    parameters: null,
    metadata: null,
    createdAt,
    input: none,
    output: none,
    ...more,
  }
}

const all = { text: '', match: 'all' } as const

describe('plugin caches view', () => {
  it('labels a match: at the path with the content, the content elsewhere, or none', () => {
    const here = matchOf({ assetId: 'A1', sameContentAssetId: 'A1' })
    const elsewhere = matchOf({ assetId: null, sameContentAssetId: 'B2' })
    const missing = matchOf(none)
    expect([here.kind, elsewhere.kind, missing.kind]).toEqual(['in-library', 'same-content', 'none'])
    expect(elsewhere.assetId).toBe('B2')
    expect(matchLabel(here, 'clip.mp4')).toBe('In library')
    expect(matchLabel(elsewhere, 'clip.mp4')).toBe('Same content as clip.mp4')
    // Before its name arrives the asset is named by its id.
    expect(matchLabel(elsewhere)).toBe('Same content as B2')
    expect(matchLabel(missing)).toBe('Not in library')
  })

  it('sorts newest first (the id breaks a tie) and filters by text over path, analyzer and label', () => {
    const rows = [
      analysis(1, 10, { ranges: [{ start: 0, end: 1, label: 'Shot' }] }),
      analysis(2, 30, { metadata: { analyzer: 'silence' } }),
      analysis(3, 20, { filePath: 'C:\\Renders\\Final.MOV' }),
      analysis(4, 30),
    ]
    expect(filterAnalyses(rows, all).map((row) => row.id)).toEqual([4, 2, 3, 1])
    expect(filterAnalyses(rows, { text: 'shot', match: 'all' }).map((row) => row.id)).toEqual([1])
    expect(filterAnalyses(rows, { text: ' SILENCE ', match: 'all' }).map((row) => row.id)).toEqual([2])
    expect(filterAnalyses(rows, { text: 'final.mov', match: 'all' }).map((row) => row.id)).toEqual([3])
    expect(filterAnalyses(rows, { text: 'nothing like it', match: 'all' })).toEqual([])
    // The input is not reordered.
    expect(rows.map((row) => row.id)).toEqual([1, 2, 3, 4])
  })

  it('keeps rows whose content the library holds, at their path or elsewhere, or the others', () => {
    const rows = [
      analysis(1, 1, { assetId: 'A', sameContentAssetId: 'A' }),
      analysis(2, 2, { sameContentAssetId: 'A' }),
      analysis(3, 3),
    ]
    expect(filterAnalyses(rows, { text: '', match: 'in-library' }).map((row) => row.id)).toEqual([2, 1])
    expect(filterAnalyses(rows, { text: '', match: 'not-in-library' }).map((row) => row.id)).toEqual([3])
  })

  it('filters processing rows by action and either path; in library when either side is', () => {
    const rows = [
      processing(1, 5, { action: 'extract_audio' }),
      processing(2, 7, { output: { assetId: 'O', sameContentAssetId: 'O' } }),
      processing(3, 6, { input: { assetId: null, sameContentAssetId: 'I' } }),
    ]
    expect(filterProcessing(rows, all).map((row) => row.id)).toEqual([2, 3, 1])
    expect(filterProcessing(rows, { text: 'AUDIO', match: 'all' }).map((row) => row.id)).toEqual([1])
    expect(filterProcessing(rows, { text: 'out-3', match: 'all' }).map((row) => row.id)).toEqual([3])
    expect(filterProcessing(rows, { text: '', match: 'in-library' }).map((row) => row.id)).toEqual([2, 3])
    expect(filterProcessing(rows, { text: '', match: 'not-in-library' }).map((row) => row.id)).toEqual([1])
    expect(linkedAssets([analysis(9, 1, { sameContentAssetId: 'I' })], rows)).toEqual(['I', 'O'])
  })

  it('reads the analyzer where rows record it, and nothing from metadata that is no object', () => {
    expect(analyzerOf({ metadata: { analyzer: 'scenes', config: {} } })).toBe('scenes')
    expect(analyzerOf({ metadata: { analysis_type: 'faces' } })).toBe('faces')
    expect(analyzerOf({ metadata: { analyzer: '  ', type: 'ocr' } })).toBe('ocr')
    expect(analyzerOf({ metadata: { analyzer: 3 } })).toBeNull()
    expect(analyzerOf({ metadata: ['scenes'] })).toBeNull()
    expect(analyzerOf({ metadata: null })).toBeNull()
  })

  it('groups the rows that can be brought onto each asset, newest first, and says what bringing them did', () => {
    const rows = [
      analysis(5, 50, { sameContentAssetId: 'B' }),
      analysis(4, 40, { assetId: 'A', sameContentAssetId: 'A' }),
      analysis(3, 30),
      analysis(2, 20, { sameContentAssetId: 'A' }),
    ]
    expect(adoptionGroups(rows)).toEqual([
      { assetId: 'B', rowIds: [5] },
      { assetId: 'A', rowIds: [4, 2] },
    ])
    const result = {
      assetId: 'A',
      assetName: 'lecture.mp4',
      copied: [],
      alreadyThere: [],
      conflicts: [],
      unreadable: [],
    }
    const note = { rowId: 1, message: 'x' }
    expect(adoptionSummary({ ...result, copied: [1, 2, 3], alreadyThere: [4] })).toBe(
      '3 analyses copied; 1 already there.',
    )
    expect(adoptionSummary({ ...result, copied: [1], unreadable: [note], conflicts: [note, note] })).toBe(
      '1 analysis copied; 2 conflicts.',
    )
    expect(adoptionSummary({ ...result, alreadyThere: [1, 2, 3, 4] })).toBe('Nothing copied; 4 already there.')
    // Issue 37 point 8: rows copied and nothing else is a success, not "no analyses".
    expect(adoptionSummary({ ...result, copied: [1, 2] })).toBe('2 analyses copied.')
    expect(adoptionSummary(result)).toBe('No analyses in the file are about lecture.mp4.')
  })

  it('names files by either separator, keeps five recent paths once each, and shows JSON', () => {
    expect(fileName('/a/b/clip.mp4')).toBe('clip.mp4')
    expect(fileName('C:\\x\\y.mov')).toBe('y.mov')
    expect(rememberPath(['/a', '/b', '/c', '/d', '/e'], '/c')).toEqual(['/c', '/a', '/b', '/d', '/e'])
    expect(rememberPath(['/a', '/b', '/c', '/d', '/e'], '/f')).toEqual(['/f', '/a', '/b', '/c', '/d'])
    expect(formatJson({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(formatJson(null)).toBe('—')
  })

  it('asks for a whole path before the backend is asked (the contract takes absolute paths only)', () => {
    for (const path of ['/tmp/p.db', ' C:\\data\\p.db ', 'D:/p.db', '\\\\nas\\share\\p.db']) {
      expect(pathProblem(path)).toBeNull()
    }
    for (const path of ['p.db', './plugin/p.db', '~/p.db', 'C:p.db']) {
      expect(pathProblem(path)).toMatch(/^Paths must be absolute\. Type the file's whole path/)
    }
  })

  it('keeps the opened database in the URL (#/analyses/caches?db=…) both ways', () => {
    const db = '/tmp/plugin data/media_plugin.db'
    const hash = hashOfRoute({ view: 'caches', assetId: null, cachesDb: db })
    expect(hash).toBe('#/analyses/caches?db=%2Ftmp%2Fplugin%20data%2Fmedia_plugin.db')
    expect(routeFromHash(hash)).toEqual({ view: 'caches', assetId: null, cachesDb: db })
    expect(routeFromHash('#/analyses/caches')).toEqual({ view: 'caches', assetId: null, cachesDb: '' })
    expect(hashOfRoute({ view: 'caches', assetId: null, cachesDb: '' })).toBe('#/analyses/caches')
    // The page lives under Analyses only; the bare Analyses page is unchanged.
    expect(routeFromHash('#/caches')).toBeUndefined()
    expect(routeFromHash('#/analyses')?.view).toBe('analyses')
  })
})
