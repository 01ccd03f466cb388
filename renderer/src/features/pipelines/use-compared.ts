import { useQueries } from '@tanstack/react-query'
import type { ChannelOutput, Timeline } from '../../../../shared/contract'
import { api } from '../../api/index'
import { queryKey } from '../../api/query-cache'

type Outputs = ChannelOutput<'checkpoints:get'>['outputs']

// Outside the hook: react-query combines again only when the answers change, not at each render.
const outputsOf = (answers: { data?: ChannelOutput<'checkpoints:get'> }[]) =>
  answers.map((answer) => answer.data?.outputs)
const timelinesOf = (answers: { data?: ChannelOutput<'timelines:frames'> }[]) =>
  new Map(answers.flatMap((answer) => (answer.data ? [[answer.data.timeline.id, answer.data.timeline] as const] : [])))

/**
 * The outputs of each compared checkpoint (in the ids' order; undefined while one loads) and the timelines they
 * sit on (by id), each read once: outputs never change, a timeline's facts only with a new run.
 */
export function useCompared(
  ids: readonly number[],
  timelineIds: readonly number[],
): { outputs: (Outputs | undefined)[]; timelines: Map<number, Timeline> } {
  const outputs = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKey('checkpoints:get', { id }),
      queryFn: () => api['checkpoints:get']({ id }),
    })),
    combine: outputsOf,
  })
  const timelines = useQueries({
    queries: [...new Set(timelineIds)].map((timelineId) => {
      const input = { timelineId, from: 0, limit: 1 }
      return {
        queryKey: queryKey('timelines:frames', input),
        queryFn: () => api['timelines:frames'](input),
      }
    }),
    combine: timelinesOf,
  })
  return { outputs, timelines }
}
