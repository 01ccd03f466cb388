import type { Channel, EventMessage, ImportJob } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'

/** How the renderer reaches the backend: Electron IPC or the web host's HTTP. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (event: EventMessage) => void): () => void
  /** Hands files the user dropped or picked to a new import job. */
  importFiles(files: File[], link: boolean): Promise<Envelope<{ job: ImportJob }>>
  /** True when files can be linked in place, which needs them on this machine's disk. */
  canLink: boolean
  /** True when the host can show a file in the OS file manager (`media:reveal`; Electron only). */
  canReveal?: boolean
  /** Shows the OS folder dialog (Electron only); the chosen folder, or null when cancelled. */
  chooseFolder?: () => Promise<string | null>
}
