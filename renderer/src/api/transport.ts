import type { Channel, EventMessage, ImportJob } from '../../../shared/contract'
import type { Envelope } from '../../../shared/errors'
import type { TeamLibraryOpened, TeamLibraryRequest } from '../../../shared/team-library'

/** How the renderer reaches the backend: Electron IPC or the web host's HTTP. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (event: EventMessage) => void): () => void
  /** Follows whether the host's live feed is connected (web host: lost while it is down, back by itself). */
  onConnection?: (listener: (connected: boolean) => void) => () => void
  /** Hands files the user dropped or picked to a new import job. */
  importFiles(files: File[], link: boolean, options?: SendOptions): Promise<Envelope<{ job: ImportJob }>>
  /** True when files can be linked in place, which needs them on this machine's disk. */
  canLink: boolean
  /** True when the host can show a file in the OS file manager (`media:reveal`; Electron only). */
  canReveal?: boolean
  /** Shows the OS folder dialog (Electron only); the chosen folder, or null when cancelled. */
  chooseFolder?: () => Promise<string | null>
  /** The path on disk of a file the user picked, then allowed this session (Electron only); '' when it has none. */
  pathOfFile?: (file: File) => string
  /** Ends this window's sign-in to the host that serves it (the web host's cookie); the page then reloads. */
  signOut?: () => Promise<void>
  /** Opens a team library (a hub) in a window of its own (Electron only); whom it signed in. */
  openTeamLibrary?: (request: TeamLibraryRequest) => Promise<Envelope<TeamLibraryOpened>>
}

/** How far one file of a drop has been sent to the backend (web host uploads). */
export interface SendProgress {
  /** The file's index in the dropped list. */
  file: number
  /** Bytes of it sent so far. */
  sent: number
  /** True once the backend has received all of it. */
  done: boolean
}

/** Cancelling and following the sending of dropped files, where sending takes time (uploads). */
export interface SendOptions {
  /** Aborts the files in flight, starts no more, and deletes those the backend already received. */
  signal?: AbortSignal
  onProgress?: (progress: SendProgress) => void
}
