import { useCallback, useEffect, useRef, useState } from 'react'
import type { FoundAnalysis } from '../../../../shared/contract'
import { api } from '../../api/index'
import { toErrorShape } from '../../ui/error-shape'
import type { AnalysesQuery } from './analyses-url'

const PAGE = 100
// "Stale only" is filtered after the page is read, so a page may hold few rows or none and still have
// a next one: a load reads on until it has a page's worth, the end, or this many pages.
const MAX_PAGES_PER_LOAD = 20

/** What `useAnalysisSearch` answers. */
export interface AnalysisSearch {
  /** The rows loaded so far, newest first; null until the first page of this query answers. */
  rows: FoundAnalysis[] | null
  error: string | null
  /** True while a page is being read. */
  loading: boolean
  hasMore: boolean
  loadMore(): void
}

interface Loaded {
  /** The query these rows answer: a new query shows nothing of the old one's. */
  key: string
  rows: FoundAnalysis[] | null
  cursor: string | null
  error: string | null
  loadingMore: boolean
}

/**
 * Cached analyses across the library for a query, a page at a time (`analysis:search`, keyset
 * cursor). A new query starts over; a late page of an older query is dropped.
 */
export function useAnalysisSearch(query: AnalysesQuery): AnalysisSearch {
  const { analyzer, staleOnly } = query
  const label = query.label.trim()
  const key = JSON.stringify([analyzer, label, staleOnly])
  const [state, setState] = useState<Loaded>({ key: '', rows: null, cursor: null, error: null, loadingMore: false })
  // The query shown now: a late page of a query left behind is dropped.
  const latest = useRef(key)

  const read = useCallback(
    async (cursor: string | null) => {
      const found: FoundAnalysis[] = []
      let next = cursor
      for (let pages = 0; pages < MAX_PAGES_PER_LOAD && found.length < PAGE; pages += 1) {
        const answer = await api['analysis:search']({
          ...(analyzer ? { analyzer } : {}),
          ...(label ? { label } : {}),
          ...(staleOnly ? { stale: true } : {}),
          limit: PAGE,
          ...(next ? { cursor: next } : {}),
        })
        found.push(...answer.analyses)
        next = answer.nextCursor
        if (next === null || latest.current !== key) break
      }
      return { analyses: found, nextCursor: next }
    },
    [analyzer, label, staleOnly, key],
  )

  const load = useCallback(
    (cursor: string | null) =>
      read(cursor).then(
        ({ analyses, nextCursor }) =>
          setState((old) => {
            if (latest.current !== key) return old
            const rows = cursor !== null ? [...(old.rows ?? []), ...analyses] : analyses
            return { key, rows, cursor: nextCursor, error: null, loadingMore: false }
          }),
        (error: unknown) =>
          setState((old) =>
            latest.current !== key
              ? old
              : {
                  key,
                  rows: old.key === key ? (old.rows ?? []) : [],
                  cursor: old.key === key ? old.cursor : null,
                  error: toErrorShape(error).message,
                  loadingMore: false,
                },
          ),
      ),
    [read, key],
  )

  useEffect(() => {
    latest.current = key
    void load(null)
  }, [load, key])

  const mine = state.key === key
  return {
    rows: mine ? state.rows : null,
    error: mine ? state.error : null,
    loading: !mine || state.loadingMore,
    hasMore: mine && state.cursor !== null,
    loadMore: () => {
      if (!mine || state.cursor === null || state.loadingMore) return
      setState({ ...state, loadingMore: true })
      void load(state.cursor)
    },
  }
}
