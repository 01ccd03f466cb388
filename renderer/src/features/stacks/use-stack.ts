import { useBackendQuery } from '../../api/queries'

// A stack changes with its memberships and with its assets (renamed, trashed, restored).
const STACK_TABLES = ['stack_members', 'videos'] as const

/** An asset's place in the stacks (`stacks:of`): the head it stands under and the files it heads. */
export function useStack(assetId: string) {
  return useBackendQuery('stacks:of', { id: assetId }, { tables: STACK_TABLES, asset: assetId })
}
