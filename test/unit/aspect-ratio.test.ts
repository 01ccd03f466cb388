import { describe, expect, it } from 'vitest'
import { aspectRatioOf, COMMON_ASPECT_RATIOS } from '../../main/media/aspect-ratio'

describe('aspectRatioOf', () => {
  it.each([
    [1920, 1080, '16:9'],
    [1080, 1920, '9:16'],
    [640, 480, '4:3'],
    [1000, 1000, '1:1'],
    [1280, 800, '16:10'],
    [1080, 1350, '4:5'],
    [2520, 1080, '21:9'],
  ])('%ix%i reduces to the common ratio %s with no nearest', (width, height, ratio) => {
    expect(aspectRatioOf(width, height)).toEqual({ ratio, nearest: null })
  })

  it.each([
    [1366, 768, '683:384', '16:9'],
    [768, 1366, '384:683', '9:16'],
    [2560, 1080, '64:27', '21:9'],
    [720, 576, '5:4', null],
    [720, 480, '3:2', null],
    [4096, 2160, '256:135', '2:1'],
    [1998, 1080, '37:20', '16:9'],
    [101, 100, '101:100', '1:1'],
  ])('%ix%i is %s, nearest %s', (width, height, ratio, nearest) => {
    expect(aspectRatioOf(width, height)).toEqual({ ratio, nearest })
  })

  it('answers mirrored sizes with mirrored ratios', () => {
    for (const [w, h] of [
      [1366, 768],
      [1998, 1080],
      [3000, 1000],
    ]) {
      const landscape = aspectRatioOf(w, h)
      const portrait = aspectRatioOf(h, w)
      expect(portrait.ratio.split(':').reverse().join(':')).toBe(landscape.ratio)
      expect(portrait.nearest?.split(':').reverse().join(':')).toBe(landscape.nearest)
    }
  })

  it('names every common ratio by its common name, reduced or not', () => {
    for (const ratio of COMMON_ASPECT_RATIOS) {
      const [w, h] = ratio.split(':').map(Number)
      expect(aspectRatioOf(w * 40, h * 40)).toEqual({ ratio, nearest: null })
    }
  })

  it.each([
    [0, 1080],
    [1920, 0],
    [-4, 3],
    [19.5, 10],
    [Number.NaN, 10],
  ])('refuses %s x %s', (width, height) => {
    expect(() => aspectRatioOf(width, height)).toThrow(RangeError)
  })
})
