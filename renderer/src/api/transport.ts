import type { Channel, EventMessage } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'

/** How the renderer reaches the backend: Electron IPC or the web host's HTTP. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (event: EventMessage) => void): () => void
}
