import { useId } from 'react'
import type { MediaFacets, MediaFilter } from '../../../../shared/contract'
import { ListFacet, YesNoFacet, type ListFacetSpec, type YesNoFacetSpec } from './FacetChoices'

const LISTS: ListFacetSpec[] = [
  { key: 'provider', title: 'Provider' },
  { key: 'model', title: 'Model' },
  { key: 'sampler', title: 'Sampler' },
  { key: 'steps', title: 'Steps' },
  { key: 'loras', title: 'LoRAs', hint: 'Ticked LoRAs must all have been used.' },
]
const WORKFLOW: YesNoFacetSpec = { key: 'hasWorkflow', title: 'Workflow', labels: ['Has a workflow', 'No workflow'] }
const KEYS = [...LISTS.map((spec) => spec.key), WORKFLOW.key] as const

/**
 * The generation facets (provider, model, sampler, steps, LoRAs, workflow). Shown only where the
 * library knows how some of its files were made, or one of them is set (so it can be cleared).
 */
export function GenerationFilters({
  facets,
  filter,
  change,
}: {
  facets: MediaFacets | undefined
  filter: MediaFilter
  change(patch: Partial<MediaFilter>): void
}) {
  const headingId = useId()
  const set = KEYS.some((key) => filter[key] !== undefined)
  const known =
    LISTS.some(({ key }) => (facets?.[key].length ?? 0) > 0) ||
    (facets?.hasWorkflow.some((entry) => Number(entry.value) === 1 && entry.count > 0) ?? false)
  if (!set && !known) return null
  return (
    <section className="facet-group" aria-labelledby={headingId} data-testid="generation-filters">
      <h3 id={headingId}>Generation</h3>
      {LISTS.map((spec) => (
        <ListFacet key={spec.key} spec={spec} facets={facets} filter={filter} change={change} />
      ))}
      <YesNoFacet spec={WORKFLOW} facets={facets} filter={filter} change={change} />
    </section>
  )
}
