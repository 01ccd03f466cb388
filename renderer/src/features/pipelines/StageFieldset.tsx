import { useId } from 'react'
import type { StageName } from '../../../../shared/pipeline-stages'
import { fieldText, stageFields, type StageField, type TypedFields } from './stage-fields'

// Words for people where a field's name says too little (`stage.field`); the rest show their schema name.
const LABELS: Record<string, string> = {
  'dedupe_frames.max_distance': 'Most differing bits (of 256) for a repeat',
  'text.lang': 'Languages (Tesseract codes)',
  'text.psm': 'Page segmentation mode',
  'text.min_confidence': 'Least word confidence (0–100)',
  'match.terms': 'Terms (comma or new line separated)',
  'match.mode': 'Match mode',
  'match.max_distance': 'Most edits per word (fuzzy mode)',
  'frames.fps': 'Frames a second',
}

/** One stage's config fields in a fieldset named by the stage, each prefilled with `values` (typed text wins). */
export function StageFieldset({
  stage,
  values,
  typed,
  onType,
}: {
  stage: StageName
  values: Record<string, unknown>
  typed: TypedFields
  onType(name: string, text: string): void
}) {
  const fields = stageFields(stage)
  return (
    <fieldset className="pl-stage-fields">
      <legend>{stage}</legend>
      {fields.length === 0 && <p className="muted">Nothing to set.</p>}
      {fields.map((field) => (
        <Field
          key={field.name}
          label={LABELS[`${stage}.${field.name}`] ?? field.name.replace(/_/g, ' ')}
          field={field}
          text={typed[field.name] ?? fieldText(field, values[field.name])}
          onType={(text) => onType(field.name, text)}
        />
      ))}
    </fieldset>
  )
}

function Field(props: { label: string; field: StageField; text: string; onType(text: string): void }) {
  const { label, field, text, onType } = props
  const hintId = useId()
  if (field.kind === 'choice') {
    return (
      <label className="pl-field">
        {label}
        <select value={text} onChange={(event) => onType(event.target.value)}>
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </label>
    )
  }
  if (field.kind === 'list') {
    return (
      <label className="pl-field">
        {label}
        <textarea rows={3} value={text} onChange={(event) => onType(event.target.value)} />
      </label>
    )
  }
  const bounds = field.kind === 'number' && field.min !== null && field.max !== null
  return (
    <label className="pl-field">
      {label}
      <input
        type={field.kind === 'number' ? 'number' : 'text'}
        step={field.kind === 'number' && field.integer ? 1 : 'any'}
        value={text}
        aria-describedby={bounds ? hintId : undefined}
        onChange={(event) => onType(event.target.value)}
      />
      {bounds && (
        <span id={hintId} className="pl-hint">
          {field.min} to {field.max}
        </span>
      )}
    </label>
  )
}
