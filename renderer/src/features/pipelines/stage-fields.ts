import type { z } from 'zod'
import { ANALYZER_CONFIGS } from '../../../../shared/contract/analyzer-configs'
import { MatchStageConfig, TextStageConfig } from '../../../../shared/pipeline-stage-configs'
import {
  DedupeStageConfig,
  FramesStageConfig,
  KeyframesStageConfig,
  type StageName,
} from '../../../../shared/pipeline-stages'

/** Each stage's config schema (the ones main's stages parse with), defaults included. */
export const STAGE_CONFIGS: Record<StageName, z.ZodObject> = {
  frames: FramesStageConfig,
  dedupe_frames: DedupeStageConfig,
  ...ANALYZER_CONFIGS,
  text: TextStageConfig,
  match: MatchStageConfig,
  keyframes: KeyframesStageConfig,
}

/** One config field as the replay form shows it, read from the stage's schema. */
export type StageField =
  | { kind: 'number'; name: string; min: number | null; max: number | null; integer: boolean }
  | { kind: 'choice'; name: string; options: string[] }
  | { kind: 'text'; name: string }
  /** A list of words, typed comma or newline separated. */
  | { kind: 'list'; name: string }

/** The typed text of a form's fields, keyed by field name. */
export type TypedFields = Record<string, string>

type Def = { type: string; innerType?: z.ZodType; values?: unknown[] }
const defOf = (schema: z.ZodType) => (schema as unknown as { def: Def }).def

/** The fields of a stage's config, in its schema's order. */
export function stageFields(stage: StageName): StageField[] {
  return Object.entries(STAGE_CONFIGS[stage].shape as Record<string, z.ZodType>).map(([name, schema]) => {
    let inner = schema
    while (defOf(inner).innerType) inner = defOf(inner).innerType!
    const type = defOf(inner).type
    if (type === 'number') {
      const number = inner as z.ZodNumber
      const bound = (value: number | null) => (value !== null && Number.isFinite(value) ? value : null)
      return {
        kind: 'number',
        name,
        min: bound(number.minValue),
        max: bound(number.maxValue),
        integer: number.isInt === true,
      }
    }
    if (type === 'enum') return { kind: 'choice', name, options: (inner as z.ZodEnum).options.map(String) }
    if (type === 'array') return { kind: 'list', name }
    return { kind: 'text', name }
  })
}

/** Each field's default (a field without one, as match's terms, is left out). */
export function stageDefaults(stage: StageName): Record<string, unknown> {
  const defaults: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(STAGE_CONFIGS[stage].shape as Record<string, z.ZodType>)) {
    const parsed = schema.safeParse(undefined)
    if (parsed.success && parsed.data !== undefined) defaults[name] = parsed.data
  }
  return defaults
}

/** A config value as its field's text: a list one item a line. */
export function fieldText(field: StageField, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (field.kind === 'list') return Array.isArray(value) ? value.map(String).join('\n') : String(value)
  return String(value)
}

/** A field's text as its value: a list split on commas and new lines; an empty number is left out (undefined). */
export function fieldValue(field: StageField, text: string): unknown {
  if (field.kind === 'list') return splitTerms(text)
  if (field.kind === 'number') return text.trim() === '' ? undefined : Number(text)
  return text
}

/** Terms as typed: comma or newline separated, trimmed, empties and repeats dropped. */
export function splitTerms(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((term) => term.trim()))].filter((term) => term !== '')
}

/**
 * The overrides a replay sends for one stage: the fields whose typed value differs from `baseline` (what the
 * stage would run with unasked: its defaults with the checkpoint's own overrides). Empty when nothing differs.
 */
export function changedFields(
  stage: StageName,
  typed: TypedFields,
  baseline: Record<string, unknown>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {}
  for (const field of stageFields(stage)) {
    const text = typed[field.name]
    if (text === undefined) continue
    const value = fieldValue(field, text)
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(baseline[field.name])) {
      changed[field.name] = value
    }
  }
  return changed
}

/** What is wrong with a stage's config in words, field by field; null when its schema takes it. */
export function configProblem(stage: StageName, config: Record<string, unknown>): string | null {
  const parsed = STAGE_CONFIGS[stage].safeParse(config)
  if (parsed.success) return null
  return parsed.error.issues.map((issue) => `${stage} ${issue.path.join('.') || 'config'}: ${issue.message}`).join(' ')
}
