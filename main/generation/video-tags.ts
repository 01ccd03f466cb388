import type { FfprobeOutput } from '../media/media-metadata'
import type { TextEntries, TextEntry } from './generation-facts'

/** Tags that may carry generation data (matched lower-cased: Matroska writers upper-case them). */
const KEYS = new Set([
  'prompt',
  'workflow',
  'comment',
  'description',
  'parameters',
  'invokeai_metadata',
  'invokeai_graph',
  'invokeai_workflow',
])

/**
 * The generation tags in ffprobe's output: the container's first (mp4 `prompt`/`workflow` written
 * with `-movflags use_metadata_tags`, webm/mkv `PROMPT`/`WORKFLOW`, the older `comment`), then each
 * stream's. `label` names the container in sources ('mp4:tag:prompt', 'webm:stream0:tag:PROMPT').
 */
export function readVideoTags(probe: FfprobeOutput, label: string): TextEntries {
  const entries: TextEntry[] = []
  const add = (tags: Record<string, string> | undefined, where: string) => {
    for (const [key, text] of Object.entries(tags ?? {})) {
      if (KEYS.has(key.toLowerCase()) && typeof text === 'string') {
        entries.push({ key: key.toLowerCase(), text, source: `${label}:${where}tag:${key}` })
      }
    }
  }
  add(probe.format?.tags, '')
  for (const stream of probe.streams ?? []) add(stream.tags, `stream${stream.index}:`)
  return { entries, problems: [] }
}

/**
 * When the file was made: the earliest stream `creation_time`, else the container's. A remux or a
 * muxer stamping "now" rewrites the container's time while streams keep the original one, so streams
 * win; a value that is no date (a literal "now") is ignored. ISO 8601, or null.
 */
export function creationTime(probe: FfprobeOutput): { at: string; source: string } | null {
  const streamTimes = (probe.streams ?? [])
    .map((stream) => ({
      at: isoDate(tag(stream.tags, 'creation_time')),
      source: `stream${stream.index}:creation_time`,
    }))
    .filter((time): time is { at: string; source: string } => time.at !== null)
    .sort((a, b) => a.at.localeCompare(b.at))
  if (streamTimes.length > 0) return streamTimes[0]
  const container = isoDate(tag(probe.format?.tags, 'creation_time'))
  return container ? { at: container, source: 'creation_time' } : null
}

function tag(tags: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(tags ?? {}).find((k) => k.toLowerCase() === name)
  return key === undefined ? undefined : tags?.[key]
}

function isoDate(value: string | undefined): string | null {
  // Only a written date: Date.parse would also take "now"-like words on some engines, and epoch zero is "not set".
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null
  const time = Date.parse(value)
  return Number.isFinite(time) && time > 0 ? new Date(time).toISOString() : null
}
