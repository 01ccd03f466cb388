import { describe, expect, it } from 'vitest'
import { stderrTail } from '../../main/media/tool-io'

describe('stderrTail', () => {
  it("drops ffmpeg's [name @ 0x…] prefixes and keeps a line that repeats once", () => {
    const stderr = [
      '[webp @ 0x333437c0] image data not found',
      '[webp @ 0x33355d40] image data not found',
      '  Error while decoding stream #0:0: Invalid data found when processing input  ',
      '',
    ].join('\n')
    expect(stderrTail(stderr)).toBe(
      'image data not found | Error while decoding stream #0:0: Invalid data found when processing input',
    )
  })

  it('keeps the end of a long log, marked as cut', () => {
    const tail = stderrTail(Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n'))
    expect(tail.startsWith('…')).toBe(true)
    expect(tail.endsWith('line 199')).toBe(true)
    expect(tail.length).toBe(1001)
  })
})
