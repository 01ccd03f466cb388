import { useBackendQuery } from '../../api/queries'

/** An asset's place in the stacks (`stacks:of`): the head it stands under and the files it heads. */
export function useStack(assetId: string) {
  return useBackendQuery('stacks:of', { id: assetId }, { asset: assetId })
}
