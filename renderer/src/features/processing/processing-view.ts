import { z } from 'zod'
import { formatDuration } from '../../format'
import {
  PROCESSOR_ACCEPTS,
  type MediaType,
  type ProcessingRun,
  type ProcessorAction,
} from '../../../../shared/contract'
import {
  ConvertConfig,
  ExtractAudioConfig,
  ExtractSegmentConfig,
  ProxyConfig,
} from '../../../../shared/contract/processor-configs'

/** The processors in the order the form offers them, with their config schemas and a word for people. */
export const PROCESSORS = {
  convert: { schema: ConvertConfig, title: 'Convert' },
  extract_segment: { schema: ExtractSegmentConfig, title: 'Extract a segment' },
  extract_audio: { schema: ExtractAudioConfig, title: 'Extract audio' },
  proxy: { schema: ProxyConfig, title: 'Proxy (small H.264)' },
} as const satisfies Record<ProcessorAction, { schema: z.ZodObject; title: string }>

/** The processors that work on an asset of this kind, in the form's order. */
export function processorsFor(mediaType: MediaType): ProcessorAction[] {
  return (Object.keys(PROCESSORS) as ProcessorAction[]).filter((action) =>
    PROCESSOR_ACCEPTS[action].includes(mediaType),
  )
}

/** One config field of a processor: a choice among presets or a number with bounds, and its default. */
export type ProcessorField =
  | { kind: 'choice'; name: string; label: string; options: string[]; defaultValue: string }
  | { kind: 'number'; name: string; label: string; defaultValue: number; min: number | null; max: number | null }

const FIELD_LABELS: Record<string, string> = {
  preset: 'Preset',
  start: 'Start (s)',
  end: 'End (s)',
  height: 'Height (lines)',
  format: 'Format',
  track: 'Sound track (0 = first)',
}

/** The config fields of a processor, read from its contract schema (defaults, presets and bounds included). */
export function processorFields(action: ProcessorAction): ProcessorField[] {
  const schema = PROCESSORS[action].schema
  const defaults = schema.parse({}) as Record<string, string | number>
  return Object.entries(schema.shape).map(([name, field]): ProcessorField => {
    const inner = (field as z.ZodDefault<z.ZodType>).unwrap()
    const label = FIELD_LABELS[name] ?? name
    if (inner instanceof z.ZodEnum) {
      return { kind: 'choice', name, label, options: inner.options.map(String), defaultValue: String(defaults[name]) }
    }
    const number = inner as z.ZodNumber
    return {
      kind: 'number',
      name,
      label,
      defaultValue: Number(defaults[name]),
      min: Number.isFinite(number.minValue) ? number.minValue : null,
      max: Number.isFinite(number.maxValue) ? number.maxValue : null,
    }
  })
}

/** What is wrong with a config, in the form's words; null when the contract takes it. */
export function processorProblem(action: ProcessorAction, config: Record<string, unknown>): string | null {
  const parsed = PROCESSORS[action].schema.safeParse(config)
  if (parsed.success) {
    const { start, end } = parsed.data as { start?: number; end?: number }
    return start !== undefined && end !== undefined && end <= start ? 'End (s) must be after Start (s).' : null
  }
  const fields = new Map(processorFields(action).map((field) => [field.name, field]))
  return parsed.error.issues
    .map((issue) => {
      const field = fields.get(String(issue.path[0]))
      if (!field || field.kind === 'choice') return issue.message
      const range = field.min !== null && field.max !== null ? `a number from ${field.min} to ${field.max}` : 'a number'
      return `${field.label} must be ${range}.`
    })
    .join(' ')
}

/** One step of an asset's lineage: the run and the asset on its other side (null when that file is not in the library). */
export interface LineageStep {
  run: ProcessingRun
  otherAssetId: string | null
  otherPath: string
}

/** An asset's runs split into where it came from (it is the output) and what was made from it (it is the input). */
export function lineageOf(assetId: string, runs: ProcessingRun[]): { inputs: LineageStep[]; outputs: LineageStep[] } {
  const inputs: LineageStep[] = []
  const outputs: LineageStep[] = []
  for (const run of runs) {
    if (run.outputAssetId === assetId) inputs.push({ run, otherAssetId: run.inputAssetId, otherPath: run.inputPath })
    if (run.inputAssetId === assetId) outputs.push({ run, otherAssetId: run.outputAssetId, otherPath: run.outputPath })
  }
  return { inputs, outputs }
}

const PRESET_WORDS: Record<string, string> = {
  'h264-mp4': 'H.264 MP4',
  'h264-720p-mp4': 'H.264 MP4, 720 lines at most',
  'hevc-mp4': 'HEVC MP4',
  'vp9-webm': 'VP9 WebM',
}

/**
 * A run's edge label in words: "Converted to H.264 MP4", "Segment 0:30–0:45", "Proxy, 540 lines", "Sound as M4A,
 * track 2"; a run Framevault's processors did not make (a plugin's row) reads as its action and parameters.
 */
export function edgeLabel(run: ProcessingRun): string {
  const params = run.parameters
  const config =
    typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {}
  const words = actionWords(run.action, config)
  if (words) return words
  const pairs = Object.entries(config)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  return [run.action, ...pairs].join(' ')
}

function actionWords(action: string, config: Record<string, unknown>): string | null {
  const { preset, start, end, height, format, track } = config
  if (action === 'convert' && typeof preset === 'string' && PRESET_WORDS[preset])
    return `Converted to ${PRESET_WORDS[preset]}`
  if (action === 'extract_segment' && typeof start === 'number' && typeof end === 'number')
    return `Segment ${formatDuration(start)}–${formatDuration(end)}`
  if (action === 'proxy' && typeof height === 'number') return `Proxy, ${height} lines`
  if (action === 'extract_audio' && typeof format === 'string') {
    const which = typeof track === 'number' && track > 0 ? `, track ${track + 1}` : ''
    return `Sound as ${format.toUpperCase()}${which}`
  }
  return null
}

/** The last part of a path, whichever separator it uses. */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() || filePath
}
