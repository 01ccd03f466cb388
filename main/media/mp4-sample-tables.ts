import { BoxReader, knownChildren, required, single, unsure, type IsoBox } from './iso-boxes'

/** A track's samples in total: how many, their bytes, their ticks, and the first one's composition offset. */
export type SampleTotals = { count: number; bytes: number; ticks: number; firstOffset: number }

const STBL = new Set([
  'stsd',
  'stts',
  'stss',
  'ctts',
  'stsc',
  'stsz',
  'stco',
  'co64',
  'sgpd',
  'sbgp',
  'sdtp',
  'cslg',
  'stps',
])

/** Sums a `stbl`'s time-to-sample and size tables; unsure when they disagree or a table is missing. */
export function readSampleTables(buf: Buffer, stbl: IsoBox): SampleTotals {
  const boxes = knownChildren(buf, stbl, STBL)
  if (!single(boxes, 'stco') && !single(boxes, 'co64')) unsure('no chunk offsets')
  required(boxes, 'stsc')
  const times = fullBox(buf, required(boxes, 'stts'))
  let timed = 0
  let ticks = 0
  for (let entries = times.u32(); entries > 0; entries--) {
    const count = times.u32()
    timed += count
    ticks += count * times.u32()
  }
  const sizes = fullBox(buf, required(boxes, 'stsz'))
  const size = sizes.u32()
  const count = sizes.u32()
  let bytes = size * count
  if (size === 0) for (let i = 0; i < count; i++) bytes += sizes.u32()
  if (count !== timed || !Number.isSafeInteger(ticks)) unsure('the size and time tables count different samples')
  const ctts = single(boxes, 'ctts')
  let firstOffset = 0
  if (ctts) {
    const offsets = fullBox(buf, ctts)
    if (offsets.u32() > 0) {
      offsets.u32()
      firstOffset = offsets.i32()
    }
    if (firstOffset < 0) unsure('a negative composition offset')
  }
  return { count, bytes, ticks, firstOffset }
}

/** A reader past a full box's version and flags. */
export function fullBox(buf: Buffer, box: IsoBox): BoxReader {
  const reader = new BoxReader(buf, box.payload, box.end)
  reader.advance(4)
  return reader
}
