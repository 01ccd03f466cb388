import { describe, expect, it } from 'vitest'
import { clockLabel, rulerTicks } from '../../renderer/src/features/analyses/time-ruler'

const labels = (span: number, width: number) =>
  rulerTicks(span, width)
    .ticks.filter((tick) => tick.label !== null)
    .map((tick) => tick.label)

describe('the time ruler over the analysis lanes', () => {
  it('labels a short clip in half seconds when wide, in seconds at phone width', () => {
    expect(labels(4.2, 700)).toEqual(['0:00', '0:00.5', '0:01', '0:01.5', '0:02', '0:02.5', '0:03', '0:03.5', '0:04'])
    const phone = rulerTicks(4.2, 340)
    expect([phone.step, phone.minor]).toEqual([1, 0.2])
    expect(labels(4.2, 340)).toEqual(['0:00', '0:01', '0:02', '0:03', '0:04'])
    // Minor ticks between the labels, up to the span.
    expect(phone.ticks).toHaveLength(22)
    expect(phone.ticks.at(-1)).toMatchObject({ time: 4.2, label: null })
    // Labels start at their tick; the last ends at its tick rather than crossing the edge.
    expect(phone.ticks.filter((tick) => tick.label).map((tick) => tick.align)).toEqual([
      'start',
      'start',
      'start',
      'start',
      'end',
    ])
  })

  it('adapts the step to the duration: five seconds, two minutes, five minutes', () => {
    expect(labels(30, 500)).toEqual(['0:00', '0:05', '0:10', '0:15', '0:20', '0:25', '0:30'])
    expect(rulerTicks(600, 300).step).toBe(120)
    expect(rulerTicks(600, 600).step).toBe(60)
    expect(labels(3725, 800).slice(0, 4)).toEqual(['0:00', '5:00', '10:00', '15:00'])
    expect(rulerTicks(3725, 800).step).toBe(300)
  })

  it('leaves out a label with no room beside its neighbour, and minor ticks closer than 6 px', () => {
    // At 300 px, 0:04 ending at its tick would touch 0:03: its tick stays, its label goes.
    expect(labels(4.2, 300)).toEqual(['0:00', '0:01', '0:02', '0:03'])
    expect(rulerTicks(4.2, 300).ticks.find((tick) => tick.time === 4)).toEqual({ time: 4, label: null, align: 'end' })
    const tight = rulerTicks(1_000_000, 100)
    expect([tight.step, tight.minor]).toEqual([36000, 36000])
  })

  it('draws nothing for no span or no width', () => {
    expect(rulerTicks(0, 500).ticks).toEqual([])
    expect(rulerTicks(10, 0).ticks).toEqual([])
  })

  it('writes a time as a clock', () => {
    expect([
      clockLabel(0, 1),
      clockLabel(65, 5),
      clockLabel(3600, 600),
      clockLabel(1.5, 0.5),
      clockLabel(2, 0.5),
    ]).toEqual(['0:00', '1:05', '1:00:00', '0:01.5', '0:02'])
  })
})
