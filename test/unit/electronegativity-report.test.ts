import { describe, expect, it } from 'vitest'
import {
  CSV_HEADER,
  judge,
  parseAllowList,
  parseGateArgs,
  parseReport,
  type AllowEntry,
  type Finding,
} from '../../scripts/electronegativity-report'

const url = 'https://github.com/doyensec/electronegativity/wiki/X'
const row = (check: string, severity: string, file: string, location: string, sample: string) =>
  `${check},"${severity}","FIRM","${file}","${location}",${sample},"Review it",${url}`

describe('parseReport', () => {
  it('reads quoted fields with commas, doubled quotes and N/A, as Electronegativity writes them', () => {
    const csv = [
      CSV_HEADER,
      row('PRELOAD_JS_CHECK', 'MEDIUM', 'main/index.ts', '46:6', `"preload: path.join(here, ""x""),"`),
      row('CSP_GLOBAL_CHECK', 'LOW', 'N/A', '0:0', 'N/A'),
      '',
    ].join('\n')
    expect(parseReport(csv)).toEqual([
      {
        check: 'PRELOAD_JS_CHECK',
        severity: 'MEDIUM',
        confidence: 'FIRM',
        file: 'main/index.ts',
        location: '46:6',
        sample: 'preload: path.join(here, "x"),',
        description: 'Review it',
      },
      expect.objectContaining({ check: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'N/A', sample: 'N/A' }),
    ])
  })

  it('refuses a report that lost its header or has garbled rows, rather than reading it as clean', () => {
    expect(() => parseReport('')).toThrow(/not an Electronegativity CSV report/)
    expect(() => parseReport(row('PRELOAD_JS_CHECK', 'MEDIUM', 'main/index.ts', '1:1', 'N/A'))).toThrow(
      /not an Electronegativity CSV report/,
    )
    expect(() => parseReport(`${CSV_HEADER}\nPRELOAD_JS_CHECK,"MEDIUM","FIRM"`)).toThrow(/unexpected row 2/)
    expect(() => parseReport(`${CSV_HEADER}\n${row('X', 'SEVERE', 'a.ts', '1:1', 'N/A')}`)).toThrow(/unexpected row/)
    expect(() => parseReport(`${CSV_HEADER}\n${row('X', 'HIGH', 'a.ts', '1:1', '"open')}`)).toThrow(/quoted field/)
  })
})

const finding = (check: string, severity: Finding['severity'], file: string, location = '1:1'): Finding => ({
  check,
  severity,
  confidence: 'FIRM',
  file,
  location,
  sample: '',
  description: 'd',
})

describe('judge', () => {
  const allow: AllowEntry[] = [{ check: 'PRELOAD_JS_CHECK', file: 'main/index.ts', reason: 'Reviewed.' }]

  it('lets a MEDIUM finding pass only with an allow-list entry for its check and file, on any line', () => {
    const verdict = judge(
      [finding('PRELOAD_JS_CHECK', 'MEDIUM', 'main/index.ts', '99:1'), finding('CSP', 'LOW', 'N/A')],
      allow,
    )
    expect(verdict.failures).toEqual([])
    expect(verdict.allowed.map(({ reason }) => reason)).toEqual(['Reviewed.'])
    expect(verdict.notes.map(({ check }) => check)).toEqual(['CSP'])
    expect(judge([finding('PRELOAD_JS_CHECK', 'MEDIUM', 'main/other.ts')], allow).failures).toEqual([
      'MEDIUM PRELOAD_JS_CHECK at main/other.ts:1:1 (not in the allow-list): d',
      'allow-list entry PRELOAD_JS_CHECK for main/index.ts matches no finding: remove it',
    ])
  })

  it('fails on every HIGH and on node integration at any severity', () => {
    expect(judge([finding('PRELOAD_JS_CHECK', 'HIGH', 'main/index.ts')], allow).failures).toEqual([
      'HIGH PRELOAD_JS_CHECK at main/index.ts:1:1: d',
      'allow-list entry PRELOAD_JS_CHECK for main/index.ts cannot waive it',
    ])
    expect(judge([finding('NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 'main/w.ts')], []).failures).toHaveLength(1)
  })
})

describe('parseAllowList', () => {
  it('needs exactly a check, a file and a one-line reason per entry', () => {
    expect(parseAllowList(JSON.stringify([{ check: 'A', file: 'f', reason: 'Why.' }]))).toHaveLength(1)
    for (const bad of [
      { check: 'A', file: 'f' },
      { check: 'A', file: 'f', reason: ' ' },
      { check: 'A', file: 'f', reason: 'one\ntwo' },
      { check: 'A', file: 'f', reason: 'Why.', line: 3 },
    ]) {
      expect(() => parseAllowList(JSON.stringify([bad]))).toThrow(/one-line reason/)
    }
    expect(() => parseAllowList('{}')).toThrow(/JSON array/)
  })
})

describe('parseGateArgs', () => {
  it('keeps every folder when --allow is not given (the first one was once dropped, so the defaults were scanned)', () => {
    expect(parseGateArgs(['some/dir'])).toEqual({ allowFile: undefined, dirs: ['some/dir'] })
    expect(parseGateArgs(['a', 'b'])).toEqual({ allowFile: undefined, dirs: ['a', 'b'] })
  })

  it('takes the file after --allow wherever it stands and leaves the folders', () => {
    expect(parseGateArgs(['--allow', 'allow.json', 'a', 'b'])).toEqual({ allowFile: 'allow.json', dirs: ['a', 'b'] })
    expect(parseGateArgs(['a', '--allow', 'allow.json', 'b'])).toEqual({ allowFile: 'allow.json', dirs: ['a', 'b'] })
    expect(parseGateArgs([])).toEqual({ allowFile: undefined, dirs: [] })
  })

  it('refuses --allow without a file', () => {
    expect(() => parseGateArgs(['a', '--allow'])).toThrow('--allow needs a file')
  })
})
