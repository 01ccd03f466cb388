import { describe, expect, it } from 'vitest'
import { promptInputs, randomSeed, withValues } from '../../main/services/comfy-runs/prompt-inputs'

const PROMPT = `{
  "3": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551615, "steps": 20, "cfg": 7.5,
    "denoise": 1, "model": ["4", 0], "add_noise": true, "sampler_name": "euler"}},
  "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a \\"kite\\"\\nover koi", "clip": ["4", 1]}},
  "7": {"class_type": "Odd", "inputs": {"list": [1, 2], "object": {"a": 1}, "none": null, "nan": NaN}},
  "8": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry"}, "_meta": {"title": "Negative"}}
}`

describe('an API prompt’s inputs', () => {
  it('lists widget values with their kind and exact text, leaving links, lists, objects and nulls out', () => {
    const inputs = promptInputs(PROMPT, new Map([['6', 'Positive']]))
    expect(inputs.map(({ nodeId, input, kind, value, seed }) => [nodeId, input, kind, value, seed])).toEqual([
      ['3', 'seed', 'integer', '18446744073709551615', true],
      ['3', 'steps', 'integer', '20', false],
      ['3', 'cfg', 'number', '7.5', false],
      ['3', 'denoise', 'integer', '1', false],
      ['3', 'add_noise', 'boolean', 'true', false],
      ['3', 'sampler_name', 'text', 'euler', false],
      ['6', 'text', 'text', 'a "kite"\nover koi', false],
      ['8', 'text', 'text', 'blurry', false],
    ])
    // The UI workflow's title first, else the one ComfyUI writes into the API prompt.
    expect(inputs.find((input) => input.nodeId === '6')?.title).toBe('Positive')
    expect(inputs.find((input) => input.nodeId === '8')?.title).toBe('Negative')
  })

  it('sets values in the text and leaves every other byte as it was', () => {
    const changed = withValues(PROMPT, [
      { nodeId: '3', input: 'seed', value: '18446744073709551614' },
      { nodeId: '6', input: 'text', value: 'a lighthouse "at night"' },
      { nodeId: '3', input: 'cfg', value: '8' },
    ])
    expect(changed).toBe(
      PROMPT.replace('18446744073709551615', '18446744073709551614')
        .replace('"a \\"kite\\"\\nover koi"', '"a lighthouse \\"at night\\""')
        .replace('"cfg": 7.5', '"cfg": 8'),
    )
  })

  it('refuses a value that does not suit the input, in words', () => {
    const set =
      (input: string, value: string, nodeId = '3') =>
      () =>
        withValues(PROMPT, [{ nodeId, input, value }])
    expect(set('steps', '2.5')).toThrow('takes a whole number')
    expect(set('seed', '18446744073709551616')).toThrow('a seed from 0 to 18446744073709551615')
    expect(set('cfg', 'seven')).toThrow('takes a number')
    expect(set('add_noise', 'yes')).toThrow('takes true or false')
    expect(set('model', '1')).toThrow('has no input "model" on node 3')
  })

  it('draws seeds across the whole 64-bit range as decimal text', () => {
    const seeds = Array.from({ length: 200 }, randomSeed)
    expect(seeds.every((seed) => /^\d+$/.test(seed) && BigInt(seed) <= 2n ** 64n - 1n)).toBe(true)
    expect(seeds.some((seed) => BigInt(seed) > 2n ** 53n)).toBe(true)
    expect(new Set(seeds).size).toBe(200)
  })
})
