import type { FileHandle } from 'node:fs/promises'
import { children, EbmlValues } from './ebml'
import { Unsure, unsure } from './iso-boxes'
import { clusterBlocks } from './matroska-blocks'
import { headElement, MKV, readLayout, readTrackHeaders, type MatroskaLayout } from './matroska-layout'

const VIDEO_TRACK = 1
const CUES = { CuePoint: 0xbb, CueTrackPositions: 0xb7, CueClusterPosition: 0xf1 }
// The last Cluster is read whole; one beyond this is left to ffprobe's tail read.
const MAX_CLUSTER = 32 * 1024 * 1024
const MAX_CUES = 8 * 1024 * 1024

/**
 * When the last video frame of a whole WebM/Matroska file ends, in seconds of its timeline, read
 * from the file's own structure: the Segment ends where the file does, every Cues entry points at
 * a Cluster that is there, and the last Cluster (read whole) holds frames of the one video track.
 * Null when any of that is not so (cut, live-written or unusual files): ffprobe's tail read decides.
 */
export async function matroskaVideoEnd(file: FileHandle): Promise<number | null> {
  try {
    const layout = await readLayout(file, (await file.stat()).size)
    await requireCuesAtClusters(layout)
    const info = headElement(layout, MKV.Info) ?? unsure('no Info')
    const infoBuf = await layout.reader(info, 64 * 1024)
    const scale = new EbmlValues(infoBuf, children(infoBuf, 0, infoBuf.length)).uint(MKV.TimestampScale, 1_000_000)
    const videos = (await readTrackHeaders(layout)).filter((track) => track.type === VIDEO_TRACK)
    if (videos.length !== 1) unsure('not exactly one video track')
    const [video] = videos
    const clusters = layout.elements.filter((element) => element.id === MKV.Cluster)
    const last = clusters[clusters.length - 1] ?? unsure('no Cluster')
    let clusterTime: number | null = null
    let endNs: number | null = null
    for (const item of clusterBlocks(await layout.reader(last, MAX_CLUSTER))) {
      if ('timestamp' in item) clusterTime = item.timestamp
      else if (item.track === video!.number) {
        if (clusterTime === null || item.laced) unsure('a laced video block, or one before the cluster timestamp')
        const length = item.duration === null ? video!.defaultDuration : item.duration * scale
        endNs = Math.max(endNs ?? 0, (clusterTime + item.time) * scale + length)
      }
    }
    return endNs === null ? null : endNs / 1e9
  } catch (error) {
    if (error instanceof Unsure) return null
    throw error
  }
}

/** Every CueClusterPosition must be the start of a Cluster present in the file. */
async function requireCuesAtClusters(layout: MatroskaLayout): Promise<void> {
  const starts = new Set(
    layout.elements
      .filter((element) => element.id === MKV.Cluster)
      .map((cluster) => cluster.start - layout.segmentData),
  )
  for (const cues of layout.elements.filter((element) => element.id === MKV.Cues)) {
    const buf = await layout.reader(cues, MAX_CUES)
    for (const point of children(buf, 0, buf.length).filter((element) => element.id === CUES.CuePoint)) {
      for (const position of children(buf, point.data, point.end).filter((e) => e.id === CUES.CueTrackPositions)) {
        const values = new EbmlValues(buf, children(buf, position.data, position.end))
        if (!starts.has(values.uint(CUES.CueClusterPosition, -1))) unsure('a cue that points at no Cluster')
      }
    }
  }
}
