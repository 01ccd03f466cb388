import { useState } from 'react'
import type { WorkflowListItem } from '../../../../shared/contract'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import { useWorkflowData } from './use-workflow-data'
import { encodeWorkflowsQuery, listFilters, type WorkflowsQuery } from './workflows-url'

const PAGE = 100

/** The Workflows list of a query: its first page (reloaded on changes), pages added by `loadMore`, the total. */
export function useWorkflowList(query: WorkflowsQuery) {
  const key = encodeWorkflowsQuery(query)
  const first = useWorkflowData(key, 'workflows:list', { ...listFilters(query), limit: PAGE, offset: 0 })
  const [more, setMore] = useState<{ key: string; items: WorkflowListItem[]; loading: boolean; error: string | null }>({
    key,
    items: [],
    loading: false,
    error: null,
  })
  const extra = more.key === key ? more : { key, items: [], loading: false, error: null }
  const items = first.data ? dedupe([...first.data.items, ...extra.items]) : null
  const total = first.data?.total ?? 0
  const loadMore = () => {
    if (!items || extra.loading) return
    setMore({ ...extra, loading: true, error: null })
    api['workflows:list']({ ...listFilters(query), limit: PAGE, offset: items.length }).then(
      (page) =>
        setMore((old) => (old.key === key ? { ...old, items: [...old.items, ...page.items], loading: false } : old)),
      (error: unknown) =>
        setMore((old) => (old.key === key ? { ...old, loading: false, error: toErrorShape(error).message } : old)),
    )
  }
  return {
    items,
    total,
    loading: first.loading || extra.loading,
    error: first.error?.message ?? extra.error,
    hasMore: items !== null && items.length < total,
    loadMore,
  }
}

// A reload of the first page may bring rows a later page holds too (a workflow updated meanwhile moves up).
function dedupe(items: WorkflowListItem[]): WorkflowListItem[] {
  const seen = new Set<string>()
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id))
}
