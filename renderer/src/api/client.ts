import { channels, type Api, type EventMessage } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Transport } from './transport'

/** The typed API over any transport; failures are thrown as AppError with their code. */
export type Client = Api & { onEvent(listener: (event: EventMessage) => void): () => void }

/** Builds one async function per contract channel on top of a transport. */
export function createClient(transport: Transport): Client {
  const calls = Object.fromEntries(
    channels.map((channel) => [
      channel,
      async (input: unknown) => {
        const envelope = await transport.invoke(channel, input)
        if (!envelope.ok) throw AppError.fromShape(envelope.error)
        return envelope.data
      },
    ]),
  ) as Api
  return { ...calls, onEvent: (listener) => transport.onEvent(listener) }
}
