import type { Channel, ChannelOutput, EventMessage } from './contract'
import type { Envelope } from './errors'
import type { TeamLibraryOpened, TeamLibraryRequest } from './team-library'

/** The IPC channel on which the main process pushes events to the renderer. */
export const EVENT_CHANNEL = 'framevault:event'

/**
 * The IPC channel on which the preload tells the main process that the user chose a path (a
 * drop or the file picker), so `media:import` accepts it. Not part of `window.api`: the page
 * cannot name a path, only hand over a File the user gave it.
 */
export const GRANT_PATH_CHANNEL = 'framevault:grant-path'

/**
 * The IPC channel on which the preload asks the main process for a folder dialog. The folder
 * the user picks is allowed like a dropped path (restore targets, imports).
 */
export const CHOOSE_FOLDER_CHANNEL = 'framevault:choose-folder'

/**
 * The IPC channel on which the preload asks the main process to open a team library (a hub) in a window of its
 * own; the main process checks the address and token first and answers in words when it cannot.
 */
export const OPEN_TEAM_LIBRARY_CHANNEL = 'framevault:open-team-library'

/** What the Electron preload exposes as `window.api`: one function per channel, plus events. */
export type BridgeApi = {
  [C in Channel]: (input: unknown) => Promise<Envelope<ChannelOutput<C>>>
} & {
  onEvent(listener: (event: EventMessage) => void): () => void
  /**
   * The path on disk of a file dropped on the page or picked (Electron's webUtils); '' when it
   * has none. A path returned here is already accepted by `media:import` for this session.
   */
  pathForFile(file: File): string
  /** Shows the OS folder dialog; the chosen folder (already allowed this session), or null when cancelled. */
  chooseFolder(): Promise<string | null>
  /** Opens a team library (a hub's address and the person's token) in a new window; who it signed in. */
  openTeamLibrary(request: TeamLibraryRequest): Promise<Envelope<TeamLibraryOpened>>
}
