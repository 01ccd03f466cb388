import { AnalyzerName } from '../../../../shared/contract'

/** The global Analyses view's filters: everything a reload or a shared link must bring back. */
export interface AnalysesQuery {
  analyzer: AnalyzerName | null
  /** A label the analysis must hold a range of; '' for any. */
  label: string
  staleOnly: boolean
}

export const DEFAULT_ANALYSES_QUERY: AnalysesQuery = { analyzer: null, label: '', staleOnly: false }

// The contract's bound on a label filter.
const LABEL_MAX = 64

/** The URL parameters of the view (`analyzer=scenes&label=shot&stale=1`), defaults left out. */
export function encodeAnalysesQuery(query: AnalysesQuery): string {
  const pairs: string[] = []
  if (query.analyzer) pairs.push(`analyzer=${query.analyzer}`)
  if (query.label.trim() !== '') pairs.push(`label=${encodeURIComponent(query.label.trim())}`)
  if (query.staleOnly) pairs.push('stale=1')
  return pairs.join('&')
}

/** The view a URL's parameters name; an unknown analyzer, an over-long label or a bad flag is dropped. */
export function decodeAnalysesQuery(search: string): AnalysesQuery {
  const params = new URLSearchParams(search)
  const analyzer = AnalyzerName.safeParse(params.get('analyzer'))
  const label = (params.get('label') ?? '').trim()
  return {
    analyzer: analyzer.success ? analyzer.data : null,
    label: label.length <= LABEL_MAX ? label : '',
    staleOnly: params.get('stale') === '1',
  }
}
