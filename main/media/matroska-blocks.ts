import { elementAt } from './ebml'
import { unsure } from './iso-boxes'

/**
 * One block of a cluster: its track, time relative to the cluster's, its frame's bytes (all of its
 * frames' when laced), and its BlockDuration if any.
 */
export type ClusterBlock = {
  track: number
  time: number
  frame: Buffer
  /** Whether the read held the whole block (a read of a cluster's first bytes may cut its last one). */
  whole: boolean
  laced: boolean
  duration: number | null
}

const ID = { Timestamp: 0xe7, SimpleBlock: 0xa3, BlockGroup: 0xa0, Block: 0xa1, BlockDuration: 0x9b }

/**
 * The cluster timestamp and blocks of a Cluster's data read into `buf`, in order. A read of only
 * the cluster's first bytes yields the blocks that start within it (the last one's frame cut short).
 */
export function* clusterBlocks(buf: Buffer): Generator<ClusterBlock | { timestamp: number }> {
  for (let at = 0; at < buf.length;) {
    const element = elementAt(buf, at)
    const end = Math.min(element.end, buf.length)
    if (element.id === ID.Timestamp) yield { timestamp: unsignedAt(buf, element.data, end) }
    if (element.id === ID.SimpleBlock) yield blockAt(buf, element.data, element.end, null)
    if (element.id === ID.BlockGroup) {
      let block: { data: number; end: number } | null = null
      let duration: number | null = null
      for (let inner = element.data; inner < end;) {
        const child = elementAt(buf, inner, 0, end)
        if (child.id === ID.Block) block = { data: child.data, end: child.end }
        if (child.id === ID.BlockDuration && child.end <= end) duration = unsignedAt(buf, child.data, child.end)
        inner = child.end
      }
      if (block) yield blockAt(buf, block.data, block.end, duration)
    }
    at = element.end
  }
}

function blockAt(buf: Buffer, data: number, declaredEnd: number, duration: number | null): ClusterBlock {
  const end = Math.min(declaredEnd, buf.length)
  const first = buf[data] ?? unsure('an empty block')
  const length = Math.clz32(first) - 23
  if (length > 8 || data + length + 3 > end) unsure('a block header cut off')
  let track = first & (0xff >> length)
  for (let i = 1; i < length; i++) track = track * 256 + buf[data + i]!
  const time = buf.readInt16BE(data + length)
  const laced = (buf[data + length + 2]! & 0x06) !== 0
  return { track, time, frame: buf.subarray(data + length + 3, end), whole: declaredEnd <= buf.length, laced, duration }
}

function unsignedAt(buf: Buffer, from: number, to: number): number {
  if (to - from > 6) unsure('a timestamp beyond 48 bits')
  return to > from ? buf.readUIntBE(from, to - from) : 0
}
