import { dispatch } from '../../main/dispatch'
import type { Library } from '../../main/services/library-context'

/** A channel's answer through the dispatcher, as every host calls it; throws its error. */
export async function call<T = unknown>(lib: Library, channel: string, input: unknown): Promise<T> {
  const answer = await dispatch(lib, channel, input)
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`)
  return answer.data as T
}
