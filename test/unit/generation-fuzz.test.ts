import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseA1111Parameters } from '../../main/generation/a1111-parameters'
import { readComfyPrompt, type ApiPrompt } from '../../main/generation/comfy-prompt'
import { readExifText } from '../../main/generation/exif-text'
import { emptyFacts } from '../../main/generation/generation-facts'
import { interpretEntries } from '../../main/generation/interpret-entries'
import { readInvokeMetadata } from '../../main/generation/invokeai'
import { decodeTextChunk } from '../../main/generation/png-text'
import { tiffExif } from '../fixtures/metadata-writers'

const bytes = fc.uint8Array({ maxLength: 600 }).map((array) => Buffer.from(array))

describe('the generation readers on hostile input', () => {
  it('readExifText answers random bytes and mangled real blocks with entries and problems, never a throw', () => {
    const real = tiffExif([[0x0110, 'prompt:{"1": 2}']], Buffer.from('ASCII\0\0\0Steps: 3'))
    const mangled = fc
      .array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })
      .map((edits) => {
        const copy = Buffer.from(real)
        for (const [at, value] of edits) copy[at] = value
        return copy
      })
    fc.assert(
      fc.property(fc.oneof(bytes, mangled), (block) => {
        const result = readExifText(block, 'x')
        expect(Array.isArray(result.entries) && Array.isArray(result.problems)).toBe(true)
        for (const entry of result.entries) expect(typeof entry.text).toBe('string')
      }),
      { numRuns: 2000 },
    )
  })

  it('decodeTextChunk answers any bytes with text or a problem', () => {
    fc.assert(
      fc.property(fc.constantFrom('tEXt', 'zTXt', 'iTXt', 'comf'), bytes, (type, data) => {
        const result = decodeTextChunk(type, data)
        expect('problem' in result ? typeof result.problem : typeof result.text).toBe('string')
      }),
      { numRuns: 2000 },
    )
  })

  it('parseA1111Parameters reads any text without throwing, numbers finite or null', () => {
    const text = fc.string({
      unit: fc.constantFrom(...'Steps: 12, Seed: "x,y"\n<lora:a:b>Negative prompt:Size: 3x4'.split('')),
    })
    fc.assert(
      fc.property(fc.oneof(fc.string(), text), (input) => {
        const facts = parseA1111Parameters(input)
        for (const value of [facts.seed, facts.steps, facts.cfg, facts.width, facts.height]) {
          expect(value === null || Number.isFinite(value)).toBe(true)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('readComfyPrompt and readInvokeMetadata take any node shapes, links to nowhere and prototype names', () => {
    const id = fc.constantFrom('1', '2', '3', 'constructor', '__proto__', 'toString')
    const input = fc.oneof(fc.jsonValue(), fc.tuple(id, fc.integer({ min: -1, max: 3 })))
    const node = fc.record({
      class_type: fc.constantFrom(
        'KSampler',
        'SamplerCustomAdvanced',
        'CLIPTextEncode',
        'SaveImage',
        'constructor',
        'x',
      ),
      inputs: fc.dictionary(
        fc.constantFrom(
          'seed',
          'noise',
          'guider',
          'positive',
          'negative',
          'text',
          'ckpt_name',
          'width',
          'height',
          'lora_name',
          'steps',
          'format',
        ),
        input,
      ),
    })
    fc.assert(
      fc.property(fc.dictionary(id, node), fc.dictionary(fc.string(), fc.jsonValue()), (prompt, metadata) => {
        const facts = readComfyPrompt(prompt as ApiPrompt, 'png')
        expect(Array.isArray(facts.saveNodes)).toBe(true)
        expect(typeof readInvokeMetadata(metadata as Record<string, unknown>).params).toBe('object')
      }),
      { numRuns: 1000 },
    )
  })

  it('interpretEntries notes what it cannot read and never throws', () => {
    const key = fc.constantFrom(
      'prompt',
      'workflow',
      'comment',
      'parameters',
      'usercomment',
      'invokeai_metadata',
      'invokeai_graph',
      'invokeai_workflow',
    )
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc.json().map((json) => JSON.stringify(json)),
    )
    fc.assert(
      fc.property(fc.array(fc.record({ key, text, source: fc.constant('s') }), { maxLength: 6 }), (entries) => {
        const facts = emptyFacts()
        interpretEntries(entries, 'png', facts)
        expect(JSON.parse(JSON.stringify(facts.problems))).toEqual(facts.problems)
      }),
      { numRuns: 1000 },
    )
  })
})
