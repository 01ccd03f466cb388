import { describe, expect, it } from 'vitest'
import type { RunInput } from '../../shared/contract'
import {
  changedValues,
  groupByNode,
  inputKey,
  isLongText,
  randomSeed,
  runCount,
  sweepOf,
  valueProblem,
} from '../../renderer/src/features/comfy-runs/run-inputs'

const input = (over: Partial<RunInput> & Pick<RunInput, 'nodeId' | 'input' | 'kind' | 'value'>): RunInput => ({
  classType: 'KSampler',
  title: null,
  seed: false,
  ...over,
})

const SEED = input({ nodeId: '3', input: 'seed', kind: 'integer', value: '156680208700286', seed: true })
const STEPS = input({ nodeId: '3', input: 'steps', kind: 'integer', value: '20' })
const CFG = input({ nodeId: '3', input: 'cfg', kind: 'number', value: '8.0' })
const TEXT = input({
  nodeId: '6',
  input: 'text',
  kind: 'text',
  value: 'a lighthouse',
  classType: 'CLIPTextEncode',
  title: 'Positive',
})
const SAMPLER = input({ nodeId: '3', input: 'sampler_name', kind: 'text', value: 'euler' })
const INPUTS = [SEED, STEPS, CFG, SAMPLER, TEXT]

describe('the run form of an API prompt', () => {
  it('groups inputs by node in the prompt order, named by title else class type', () => {
    const groups = groupByNode(INPUTS)
    expect(groups.map((group) => [group.nodeId, group.name, group.inputs.length])).toEqual([
      ['3', 'KSampler', 4],
      ['6', 'Positive', 1],
    ])
  })

  it('sends only the inputs typed into, a 20-digit seed with every digit and numbers trimmed, never converted', () => {
    const draft = {
      [inputKey(SEED)]: ' 18446744073709551615 ',
      [inputKey(STEPS)]: '20',
      [inputKey(CFG)]: '8.0 ',
      [inputKey(TEXT)]: 'a lighthouse ',
    }
    expect(changedValues(INPUTS, draft, () => false)).toEqual([
      { nodeId: '3', input: 'seed', value: '18446744073709551615' },
      { nodeId: '6', input: 'text', value: 'a lighthouse ' },
    ])
    // An input a sweep sets is left out of `set`.
    expect(changedValues(INPUTS, draft, (one) => one.seed)).toEqual([
      { nodeId: '6', input: 'text', value: 'a lighthouse ' },
    ])
  })

  it('checks numbers as numbers and seeds within 0 … 2^64 − 1, in words', () => {
    expect(valueProblem(SEED, '18446744073709551615')).toBeNull()
    expect(valueProblem(SEED, '18446744073709551616')).toBe('seed takes a seed from 0 to 18446744073709551615.')
    expect(valueProblem(SEED, '-1')).toMatch(/from 0 to/)
    expect(valueProblem(STEPS, '2.5')).toBe('steps takes a whole number.')
    expect(valueProblem(CFG, '7.5')).toBeNull()
    expect(valueProblem(CFG, '1e')).toBe('cfg takes a number.')
    expect(valueProblem(TEXT, '')).toBeNull()
  })

  it('gives prompts a textarea and short words a line', () => {
    expect(isLongText(TEXT)).toBe(true)
    expect(isLongText(SAMPLER)).toBe(false)
    expect(isLongText(STEPS)).toBe(false)
  })

  it('draws random seeds as decimal text across the whole 64-bit range', () => {
    const seeds = Array.from({ length: 200 }, randomSeed)
    for (const seed of seeds) {
      expect(seed).toMatch(/^\d{1,20}$/)
      expect(BigInt(seed) <= 2n ** 64n - 1n).toBe(true)
    }
    // Past 2^53 almost always: a draw through a float would never get there with all its digits.
    expect(seeds.some((seed) => BigInt(seed) > 2n ** 53n)).toBe(true)
    expect(new Set(seeds).size).toBe(seeds.length)
  })

  it('builds a sweep of seeds or of one input’s values, refusing what the contract would, in words', () => {
    expect(sweepOf({ kind: 'none' }, INPUTS)).toEqual({ sweep: undefined, problem: null })
    expect(sweepOf({ kind: 'seeds', count: '3' }, INPUTS)).toEqual({ sweep: { seeds: 3 }, problem: null })
    expect(sweepOf({ kind: 'seeds', count: '1' }, INPUTS).problem).toBe('A seed sweep runs 2 to 64 seeds.')
    expect(sweepOf({ kind: 'seeds', count: '3' }, [TEXT]).problem).toBe('This prompt has no seed to sweep.')
    const values = sweepOf({ kind: 'values', key: inputKey(CFG), lines: '6\n 7.5 \n\n9\n' }, INPUTS)
    expect(values).toEqual({ sweep: { nodeId: '3', input: 'cfg', values: ['6', '7.5', '9'] }, problem: null })
    expect(runCount(values.sweep)).toBe(3)
    expect(sweepOf({ kind: 'values', key: inputKey(CFG), lines: '6\nlots' }, INPUTS).problem).toBe(
      'Sweep: cfg takes a number.',
    )
    expect(sweepOf({ kind: 'values', key: inputKey(STEPS), lines: '20' }, INPUTS).problem).toBe(
      'Give 2 to 64 values for steps, one per line.',
    )
    // Text values are kept as typed, spaces and all.
    expect(sweepOf({ kind: 'values', key: inputKey(TEXT), lines: ' a cat\na dog ' }, INPUTS).sweep).toEqual({
      nodeId: '6',
      input: 'text',
      values: [' a cat', 'a dog '],
    })
  })
})
