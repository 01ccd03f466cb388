import type { Channel, ChannelOutput, EventMessage } from './contract'
import type { Envelope } from './errors'

/** The IPC channel on which the main process pushes events to the renderer. */
export const EVENT_CHANNEL = 'framevault:event'

/** What the Electron preload exposes as `window.api`: one function per channel, plus events. */
export type BridgeApi = {
  [C in Channel]: (input: unknown) => Promise<Envelope<ChannelOutput<C>>>
} & {
  onEvent(listener: (event: EventMessage) => void): () => void
  /** The path on disk of a file dropped on the page (Electron's webUtils); '' when it has none. */
  pathForFile(file: File): string
}
