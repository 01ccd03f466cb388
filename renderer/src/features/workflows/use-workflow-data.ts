import type { Channel, ChannelInput, ChannelOutput } from '../../../../shared/contract'
import type { ErrorShape } from '../../../../shared/errors'
import { useBackendQuery } from '../../api/queries'
import { toErrorShape } from '../../ui/error-shape'

/** What a page's load answers: the data once there (kept while a reload runs), or the failure. */
export interface Loaded<T> {
  data: T | null
  error: ErrorShape | null
  loading: boolean
}

/**
 * A channel's answer for a Workflows page, read again when the workflow tables change (an import,
 * the CLI, another window) or `version` moves. `key` names what the page shows: under a new input
 * with the same key (a longer page) the old answer stays until the new one arrives; under another
 * key nothing shows meanwhile. `input` null asks nothing.
 */
export function useWorkflowData<C extends Channel>(
  key: string,
  channel: C,
  input: ChannelInput<C> | null,
  version = 0,
): Loaded<ChannelOutput<C>> {
  const query = useBackendQuery(channel, input, { identity: `${channel}\n${key}`, version })
  return {
    data: query.data ?? null,
    error: query.isError ? toErrorShape(query.error) : null,
    loading: query.isFetching,
  }
}
