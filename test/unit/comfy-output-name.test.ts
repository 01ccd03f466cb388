import { describe, expect, it } from 'vitest'
import { outputName } from '../../main/comfy/run-events'

describe('the name an output file of ComfyUI is kept under', () => {
  it('is the base name, whatever path the server put before it', () => {
    expect(outputName('ComfyUI_00001_.png')).toBe('ComfyUI_00001_.png')
    expect(outputName('../../etc/passwd')).toBe('passwd')
    expect(outputName('/abs/path/clip.mp4')).toBe('clip.mp4')
    expect(outputName('C:\\Users\\x\\clip.mp4')).toBe('clip.mp4')
  })

  it('drops control characters, NUL among them, and names what is left empty "output"', () => {
    expect(outputName('a\u0000b\u001fc\u007f.png')).toBe('abc.png')
    expect(outputName('dir/..')).toBe('output')
    expect(outputName('\u0000')).toBe('output')
    expect(outputName('sub/')).toBe('output')
  })

  it('cuts a 5,000-character name to 200 characters, its extension kept', () => {
    const name = outputName(`${'n'.repeat(5000)}.webm`)
    expect(name).toHaveLength(200)
    expect(name.endsWith('n.webm')).toBe(true)
  })
})
