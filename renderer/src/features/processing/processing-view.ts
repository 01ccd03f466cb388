import { z } from 'zod'
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

/** A run's edge label: the action and its parameters, `convert preset=h264-mp4`. */
export function edgeLabel(run: ProcessingRun): string {
  const params = run.parameters
  const pairs =
    typeof params === 'object' && params !== null && !Array.isArray(params)
      ? Object.entries(params)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      : []
  return [run.action, ...pairs].join(' ')
}

/** The last part of a path, whichever separator it uses. */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() || filePath
}
