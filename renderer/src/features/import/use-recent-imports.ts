import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/index'
import { queryCache, useMayRead } from '../../api/queries'
import { useAppStore } from '../../app/use-app-store'
import { toErrorShape } from '../../ui/error-shape'
import type { ImportEntry, ItemFilter } from './import-entries'
import { loadImportItems, recentImportsQuery } from './import-jobs'

const NONE: ImportEntry[] = []

/**
 * Recent imports, most recent first, dismissed ones included (the panel hides those); none for who may not read them
 * (a client limited to shared collections).
 */
export function useRecentImports(): ImportEntry[] {
  const mayRead = useMayRead('import:list')
  return useQuery({ ...recentImportsQuery(api), enabled: mayRead }).data ?? NONE
}

/** Loads the next page of a job's outcomes for `filter`; a failure is the library view's import error. */
export const loadMoreItems = (jobId: string, filter: ItemFilter): Promise<void> =>
  loadImportItems(api, queryCache, jobId, filter).catch((error: unknown) =>
    useAppStore.setState({ importError: toErrorShape(error) }),
  )
