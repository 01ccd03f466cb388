import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { exactSeed } from '../../main/generation/exact-seed'
import { readGeneration } from '../../main/generation/read-generation'
import { makePng, tEXt } from '../fixtures/metadata-writers'
import { tempDir } from '../helpers/temp-dir'

// ComfyUI's seed widget goes to 2^64 - 1; a double holds integers exactly only to 2^53.
const BIG = '18446744073709551615'
const prompt = (seed: string) =>
  `{"3": {"class_type": "KSampler", "inputs": {"seed": ${seed}, "steps": 20, "cfg": 7.0, "sampler_name": "euler",` +
  ` "scheduler": "normal", "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],` +
  ` "latent_image": ["5", 0]}}, "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "m.safetensors"}},` +
  ` "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a lighthouse 9007199254740993 km away", "clip": ["4", 1]}},` +
  ` "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["4", 1]}}}`

describe('seeds past 2^53', () => {
  it('keeps the digits the file wrote for a seed a double would round', async () => {
    const file = path.join(tempDir(), 'ComfyUI_00001_.png')
    writeFileSync(file, makePng({ width: 8, height: 8, before: [tEXt('prompt', prompt(BIG))] }))
    const facts = await readGeneration({ filePath: file, mediaType: 'image' })
    expect(facts.seed).toBe(BIG)
    expect(facts.prompt).toBe('a lighthouse 9007199254740993 km away')
  })

  it('leaves a safe seed a number, and takes only a digit run that rounds to the same number', () => {
    expect(exactSeed(42, ['"seed": 42'])).toBe(42)
    expect(exactSeed(null, [BIG])).toBeNull()
    // 9007199254740993 rounds to 9007199254740992: the run that matches is the seed's, not the other one.
    expect(exactSeed(9007199254740992, ['seed 9007199254740993, other 18446744073709551615'])).toBe('9007199254740993')
    expect(exactSeed(Number(BIG), ['no digits here'])).toBe(Number(BIG))
  })
})
