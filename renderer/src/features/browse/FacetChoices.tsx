import type { FacetCounts, MediaFacets, MediaFilter } from '../../../../shared/contract'
import { Facet } from './Facet'

/** Filters that hold or not, each counted as 1 and 0 under its own name. */
export type YesNoFilter = 'hasAudio' | 'hasNearDuplicates' | 'hasWorkflow'
/** Filters ticked from a list of counted values (status has its own names, so it is not one of them). */
export type ListFilter = Exclude<Extract<keyof MediaFilter, keyof MediaFacets>, YesNoFilter | 'status'>

/** One list facet: its filter (and facet) name, its title, how a value reads, how ticks combine. */
export interface ListFacetSpec {
  key: ListFilter
  title: string
  label?: (value: string) => string
  hint?: string
}

/** One yes/no facet and the labels of true and false. */
export interface YesNoFacetSpec {
  key: YesNoFilter
  title: string
  labels: [string, string]
}

interface FacetProps<Spec> {
  spec: Spec
  facets: MediaFacets | undefined
  filter: MediaFilter
  change(patch: Partial<MediaFilter>): void
}

/** The list with `value` ticked or unticked; undefined when nothing is left ticked. */
export function toggled<T>(values: readonly T[] | undefined, value: T): T[] | undefined {
  const next = values?.includes(value) ? values.filter((known) => known !== value) : [...(values ?? []), value]
  return next.length === 0 ? undefined : next
}

/** A facet of values with their counts; ticking one filters on it (numbers stay numbers: steps). */
export function ListFacet({ spec: { key, title, label, hint }, facets, filter, change }: FacetProps<ListFacetSpec>) {
  const chosen = filter[key] as readonly (string | number)[] | undefined
  const values = withChosen(facets?.[key], chosen)
  const valueOf = (value: string | number) => (key === 'steps' ? Number(value) : String(value))
  return (
    <Facet
      title={title}
      hint={values.length > 0 ? hint : undefined}
      active={chosen !== undefined}
      onClear={() => change({ [key]: undefined })}
    >
      {facets && values.length === 0 && <p className="facet-none">None left</p>}
      {values.map(({ value, count }) => (
        <Choice
          key={value}
          label={label ? label(String(value)) : String(value)}
          count={count}
          checked={chosen?.includes(valueOf(value)) ?? false}
          onChange={() => change({ [key]: toggled(chosen, valueOf(value)) })}
        />
      ))}
    </Facet>
  )
}

/** A facet that holds or not: two choices, each undoing the other. */
export function YesNoFacet({ spec: { key, title, labels }, facets, filter, change }: FacetProps<YesNoFacetSpec>) {
  return (
    <Facet title={title} active={filter[key] !== undefined} onClear={() => change({ [key]: undefined })}>
      {[true, false].map((has) => (
        <Choice
          key={String(has)}
          label={has ? labels[0] : labels[1]}
          count={facets?.[key].find((entry) => Number(entry.value) === Number(has))?.count ?? 0}
          checked={filter[key] === has}
          onChange={() => change({ [key]: filter[key] === has ? undefined : has })}
        />
      ))}
    </Facet>
  )
}

/** The facet's values, plus chosen values the other filters left at zero (so they can be unticked). */
export function withChosen(
  counts: FacetCounts | undefined,
  chosen: readonly (string | number)[] | undefined,
): FacetCounts {
  const list = counts ?? []
  const missing = (chosen ?? []).filter((value) => !list.some((entry) => String(entry.value) === String(value)))
  return [...list, ...missing.map((value) => ({ value, count: 0 }))]
}

/** One tickable value with how many assets it would leave. */
export function Choice({
  label,
  count,
  checked,
  onChange,
}: {
  label: string
  /** Assets this choice would leave; undefined when the facet is not counted. */
  count?: number
  checked: boolean
  onChange(): void
}) {
  return (
    <label className={count === 0 && !checked ? 'choice none-left' : 'choice'}>
      <input type="checkbox" checked={checked} onChange={onChange} />
      {/* Model and LoRA names run long: the whole name shows on hover. */}
      <span className="choice-label" title={label}>
        {label}
      </span>
      {count !== undefined && (
        <span className="choice-count" data-testid="facet-count">
          {count.toLocaleString()}
        </span>
      )}
    </label>
  )
}
