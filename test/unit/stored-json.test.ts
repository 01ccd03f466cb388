import { describe, expect, it } from 'vitest'
import { storedJson } from '../../main/services/workflows/values'

describe('stored JSON read back', () => {
  it('reads a definition kept as ComfyUI wrote it, bare NaN and Infinity included', () => {
    const text = '{"widgets_values":["lora.safetensors",0.7,NaN],"limit":Infinity,"floor":-Infinity}'
    expect(storedJson(text)).toEqual({
      widgets_values: ['lora.safetensors', 0.7, Number.NaN],
      limit: Number.POSITIVE_INFINITY,
      floor: Number.NEGATIVE_INFINITY,
    })
  })

  it('gives text that is not JSON back as the text, and null as null', () => {
    expect(storedJson('seed=5, steps=20')).toBe('seed=5, steps=20')
    expect(storedJson(null)).toBeNull()
  })
})
