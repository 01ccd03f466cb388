import type { FileHandle } from 'node:fs/promises'
import { readAt } from './container-boxes'
import { children, EbmlValues, elementAt, knownChildren, MAX_HEADER, type EbmlElement } from './ebml'
import { unsure } from './iso-boxes'

/** The Matroska element IDs the in-process readers know (the spec's names). */
export const MKV = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  Tags: 0x1254c367,
  Cues: 0x1c53bb6b,
  Cluster: 0x1f43b675,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
  Void: 0xec,
  TimestampScale: 0x2ad7b1,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  DefaultDuration: 0x23e383,
} as const

/** The first four bytes of every EBML file. */
export const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3])

// What the EBML header may hold: versions, limits and the document type.
const HEADER = new Set([0x4286, 0x42f7, 0x42f2, 0x42f3, MKV.DocType, 0x4287, 0x4285])
const TOP_LEVEL = new Set<number>([
  MKV.SeekHead,
  MKV.Info,
  MKV.Tracks,
  MKV.Tags,
  MKV.Cues,
  MKV.Cluster,
  MKV.Chapters,
  MKV.Attachments,
  MKV.Void,
])
const SEEK = { Seek: 0x4dbb, SeekID: 0x53ab, SeekPosition: 0x53ac }
// Short clips fit in one read of this many bytes; larger files read each further header on its own.
const HEAD_BYTES = 64 * 1024
// Enough for hours of 5-second clusters; a walk beyond this is left to ffprobe.
const MAX_ELEMENTS = 20_000

/**
 * A whole Matroska/WebM file's top level: its document type, the Segment's children at file
 * positions, and the positions its SeekHeads point at.
 */
export type MatroskaLayout = {
  docType: string
  segmentData: number
  elements: EbmlElement[]
  reader: ElementReader
  seekTargets: Set<number>
}

/** Reads element data from the file, from the first bytes already read when they hold it. */
export type ElementReader = (element: EbmlElement, max: number) => Promise<Buffer>

/**
 * The top-level elements of a WebM/Matroska file from their headers: the EBML header (document
 * type "webm" or "matroska"), then one Segment of known size ending exactly at the end of the file,
 * whose children lie end to end. Unsure (see iso-boxes.ts) for a cut file, an unknown size, trailing
 * bytes, or any top-level element the readers do not know.
 */
export async function readLayout(file: FileHandle, size: number): Promise<MatroskaLayout> {
  const head = await readAt(file, 0, Math.min(size, HEAD_BYTES))
  const headerAt = async (at: number): Promise<EbmlElement> => {
    if (at + MAX_HEADER <= head.length || head.length === size) return elementAt(head, at)
    return elementAt(await readAt(file, at, MAX_HEADER), 0, at)
  }
  const reader: ElementReader = async (element, max) => {
    if (element.end - element.data > max) unsure('an element larger than expected')
    if (element.end <= head.length) return head.subarray(element.data, element.end)
    const data = await readAt(file, element.data, element.end - element.data)
    if (data.length < element.end - element.data) unsure('the file ends inside an element')
    return data
  }
  const ebml = await headerAt(0)
  if (ebml.id !== MKV.EBML) unsure('no EBML header')
  const header = await reader(ebml, 4096)
  const values = new EbmlValues(header, knownChildren(header, { ...ebml, data: 0, end: header.length }, HEADER))
  const docType = values.text(MKV.DocType) ?? 'matroska'
  if (docType !== 'webm' && docType !== 'matroska') unsure(`document type '${docType}'`)
  if (values.uint(0x42f7, 1) !== 1 || values.uint(0x42f2, 4) !== 4 || values.uint(0x42f3, 8) > 8)
    unsure('an EBML header this reader cannot follow')
  const segment = await headerAt(ebml.end)
  if (segment.id !== MKV.Segment) unsure('no Segment after the EBML header')
  if (segment.end !== size) unsure('the Segment does not end where the file does (cut, or bytes after it)')
  const elements: EbmlElement[] = []
  for (let at = segment.data; at < segment.end;) {
    if (elements.length === MAX_ELEMENTS) unsure('too many top-level elements')
    const element = await headerAt(at)
    if (!TOP_LEVEL.has(element.id)) unsure(`top-level element 0x${element.id.toString(16)}`)
    if (element.end > segment.end) unsure('an element runs past the end of the Segment')
    elements.push(element)
    at = element.end
  }
  const layout = { docType, segmentData: segment.data, elements, reader, seekTargets: new Set<number>() }
  // ffmpeg reads whatever a SeekHead points at, again if it read it elsewhere: each entry must name an element that is there.
  const idAt = new Map(elements.map((element) => [element.start, element.id]))
  for (const seekHead of elements.filter((element) => element.id === MKV.SeekHead)) {
    const buf = await reader(seekHead, 64 * 1024)
    for (const seek of knownChildren(buf, { ...seekHead, data: 0, end: buf.length }, new Set([SEEK.Seek]))) {
      const values = new EbmlValues(buf, knownChildren(buf, seek, new Set([SEEK.SeekID, SEEK.SeekPosition])))
      const target = segment.data + values.uint(SEEK.SeekPosition, -1)
      const id = values.bytes(SEEK.SeekID)
      if (!id?.length || id.length > 4 || idAt.get(target) !== id.readUIntBE(0, id.length))
        unsure('a SeekHead entry that points at no such element')
      layout.seekTargets.add(target)
    }
  }
  return layout
}

/**
 * The Segment's only element with `id`, as ffmpeg finds it: before the first Cluster, or after the
 * clusters where a SeekHead points at it (ffmpeg never sees an element there that none points at).
 */
export function headElement(layout: MatroskaLayout, id: number): EbmlElement | undefined {
  const found = layout.elements.filter((element) => element.id === id)
  if (found.length > 1) unsure(`more than one top-level 0x${id.toString(16)}`)
  const firstCluster = layout.elements.find((element) => element.id === MKV.Cluster)
  const late = found[0] && firstCluster && found[0].start > firstCluster.start
  if (late && !layout.seekTargets.has(found[0]!.start)) unsure(`0x${id.toString(16)} after the clusters, unindexed`)
  return found[0]
}

/** One TrackEntry's number, type and DefaultDuration (0 when absent), with its children for further reads. */
export type TrackHeader = { number: number; type: number; defaultDuration: number; values: EbmlValues }

/** The track entries of the Tracks element, in order (their order is ffprobe's stream order); with `allowed`, unsure on other children. */
export async function readTrackHeaders(layout: MatroskaLayout, allowed?: ReadonlySet<number>): Promise<TrackHeader[]> {
  const tracks = headElement(layout, MKV.Tracks) ?? unsure('no Tracks')
  const buf = await layout.reader(tracks, 1024 * 1024)
  const root = { ...tracks, data: 0, end: buf.length }
  const headers = knownChildren(buf, root, new Set([MKV.TrackEntry])).map((entry) => {
    const values = new EbmlValues(
      buf,
      allowed ? knownChildren(buf, entry, allowed) : children(buf, entry.data, entry.end),
    )
    const number = values.uint(MKV.TrackNumber, 0)
    if (number === 0) unsure('a track without a number')
    return {
      number,
      type: values.uint(MKV.TrackType, 0),
      defaultDuration: values.uint(MKV.DefaultDuration, 0),
      values,
    }
  })
  if (new Set(headers.map((track) => track.number)).size < headers.length) unsure('two tracks of one number')
  return headers
}
