import { ProcessorAction } from '../../../../shared/contract'
import { PROCESSORS, processorFields, type ProcessorField } from './processing-view'

/** One setting of a run as a person reads it; `changed` when it differs from the processor's default. */
export interface SettingWords {
  label: string
  value: string
  changed: boolean
}

// What each preset or format makes, in the words of the contract's config comments.
const VALUE_WORDS: Record<string, Record<string, string>> = {
  preset: {
    'h264-mp4': 'H.264 video, AAC sound, MP4',
    'h264-720p-mp4': 'H.264 video at most 720 lines high, AAC sound, MP4',
    'hevc-mp4': 'H.265 video, AAC sound, MP4',
    'vp9-webm': 'VP9 video, Opus sound, WebM',
  },
  format: {
    m4a: 'M4A (AAC, 192 kb/s)',
    mp3: 'MP3 (VBR, quality 2)',
    flac: 'FLAC (lossless)',
    wav: 'WAV (16-bit PCM)',
  },
}
const UNITS: Record<string, string> = { start: 's', end: 's', height: 'lines' }
// Labels without the unit the value now carries ("Start (s)" reads "Start: 1.5 s").
const BARE_LABELS: Record<string, string> = { start: 'Start', end: 'End', height: 'Height', track: 'Sound track' }

/** A processor's name for people ("Convert"); an action another tool recorded reads as it was written. */
export function processorTitle(action: string): string {
  const known = ProcessorAction.safeParse(action)
  return known.success ? PROCESSORS[known.data].title : action
}

/**
 * A run's config in words, the settings that differ from the processor's defaults first (then the
 * defaults, in the form's order). A run another tool recorded, of an action Framevault does not know,
 * lists its parameters as written, none of them known to be a default.
 */
export function settingWords(action: string, parameters: unknown): SettingWords[] {
  const config = typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) ? parameters : {}
  const values = config as Record<string, unknown>
  const known = ProcessorAction.safeParse(action)
  if (!known.success) {
    return Object.entries(values).map(([name, value]) => ({ label: name, value: plain(value), changed: true }))
  }
  const fields = processorFields(known.data)
  const words = fields
    .filter((field) => field.name in values)
    .map((field) => ({
      label: BARE_LABELS[field.name] ?? field.label,
      value: valueWords(field, values[field.name]),
      changed: values[field.name] !== field.defaultValue,
    }))
  const extra = Object.entries(values)
    .filter(([name]) => !fields.some((field) => field.name === name))
    .map(([name, value]) => ({ label: name, value: plain(value), changed: true }))
  return [...words.filter((word) => word.changed), ...extra, ...words.filter((word) => !word.changed)]
}

function valueWords(field: ProcessorField, value: unknown): string {
  if (field.name === 'track' && typeof value === 'number') return value === 0 ? 'the first' : `number ${value + 1}`
  const said = typeof value === 'string' ? VALUE_WORDS[field.name]?.[value] : undefined
  // The preset's own name after its words, where they do not start with it ("M4A (AAC…)" already does).
  if (said) return said.toLowerCase().startsWith(String(value)) ? said : `${said} (${value as string})`
  const unit = UNITS[field.name]
  return unit && typeof value === 'number' ? `${value} ${unit}` : plain(value)
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
