import { channels, type Api, type EventMessage, type ImportJob } from '../../../shared/contract'
import { AppError, type Envelope } from '../../../shared/errors'
import type { TeamLibraryOpened, TeamLibraryRequest } from '../../../shared/team-library'
import type { SendOptions, Transport } from './transport'

/** The typed API over any transport; failures are thrown as AppError with their code. */
export type Client = Api & {
  onEvent(listener: (event: EventMessage) => void): () => void
  /** Follows whether the host is reachable, where a host can be lost (the web host, a hub); absent elsewhere. */
  onConnection: Transport['onConnection']
  /**
   * Starts an import of dropped or picked files; `link` is honoured only where `canLink`. Under
   * the web host the files are uploaded first: `options` follows and cancels that.
   */
  importFiles(files: File[], link: boolean, options?: SendOptions): Promise<{ job: ImportJob }>
  /** True when files can be linked in place instead of copied (Electron only). */
  canLink: boolean
  /** True when `media:reveal` can show a file in the OS file manager (Electron only). */
  canReveal: boolean
  /** The OS folder dialog, where the host has one (Electron); a typed path is the way elsewhere. */
  chooseFolder: (() => Promise<string | null>) | undefined
  /** The path of a file picked with `<input type="file">`, where the host can read it by path (Electron). */
  pathOfFile: ((file: File) => string) | undefined
  /** Signs this window out of the host that serves it to a browser (the web host, a hub); absent under Electron. */
  signOut: (() => Promise<void>) | undefined
  /** Opens a team library in a new window, where the host can (Electron); a browser opens the hub's address itself. */
  openTeamLibrary: ((request: TeamLibraryRequest) => Promise<TeamLibraryOpened>) | undefined
}

/** Builds one async function per contract channel on top of a transport. */
export function createClient(transport: Transport): Client {
  const calls = Object.fromEntries(
    channels.map((channel) => [channel, async (input: unknown) => unwrap(await transport.invoke(channel, input))]),
  ) as Api
  return {
    ...calls,
    onEvent: (listener) => transport.onEvent(listener),
    onConnection: transport.onConnection,
    importFiles: async (files, link, options) =>
      unwrap(await transport.importFiles(files, link && transport.canLink, options)),
    canLink: transport.canLink,
    canReveal: transport.canReveal ?? false,
    chooseFolder: transport.chooseFolder,
    pathOfFile: transport.pathOfFile,
    signOut: transport.signOut,
    openTeamLibrary:
      transport.openTeamLibrary && (async (request) => unwrap(await transport.openTeamLibrary!(request))),
  }
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw AppError.fromShape(envelope.error)
  return envelope.data
}
