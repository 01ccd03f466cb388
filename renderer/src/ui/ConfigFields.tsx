/** A config field read from a contract schema: a number with bounds, or a choice among options. */
export type ConfigFieldSpec =
  | { kind?: 'number'; name: string; label: string; defaultValue: number; min: number | null; max: number | null }
  | { kind: 'choice'; name: string; label: string; options: string[]; defaultValue: string }

/**
 * A config's fields as inputs, each with its default (and bounds) as a hint. `typed` holds the text
 * as typed, keyed `${prefix}.${name}`, so a half-typed "0." is not rewritten under the cursor.
 */
export function ConfigFields({
  fields,
  prefix,
  typed,
  onType,
}: {
  fields: ConfigFieldSpec[]
  prefix: string
  typed: Record<string, string>
  onType(key: string, text: string): void
}) {
  return fields.map((field) => {
    const key = `${prefix}.${field.name}`
    const value = typed[key] ?? String(field.defaultValue)
    if (field.kind === 'choice') {
      return (
        <label key={key} className="run-field">
          {field.label}
          <select name={field.name} value={value} onChange={(event) => onType(key, event.target.value)}>
            {field.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      )
    }
    const bounds = field.min !== null && field.max !== null ? `${field.min} to ${field.max}, ` : ''
    return (
      <label key={key} className="run-field">
        {field.label}
        <input
          type="number"
          step="any"
          inputMode="decimal"
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          name={field.name}
          placeholder={String(field.defaultValue)}
          value={value}
          onChange={(event) => onType(key, event.target.value)}
          aria-describedby={`${key}-hint`}
        />
        <span id={`${key}-hint`} className="field-hint">
          {bounds}default {field.defaultValue}
        </span>
      </label>
    )
  })
}

/** The config the typed text makes: empty (or unreadable: a number input gives '' for "1e") means the default. */
export function typedConfig(fields: ConfigFieldSpec[], prefix: string, typed: Record<string, string>) {
  const config: Record<string, unknown> = {}
  for (const field of fields) {
    const text = typed[`${prefix}.${field.name}`]
    if (text === undefined || text.trim() === '') continue
    config[field.name] = field.kind === 'choice' ? text : Number(text)
  }
  return config
}
