import path from 'node:path'
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron'
import {
  CHOOSE_FOLDER_CHANNEL,
  EVENT_CHANNEL,
  GRANT_PATH_CHANNEL,
  OPEN_TEAM_LIBRARY_CHANNEL,
} from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { librarySource, type LibrarySource } from '../app/library-session'
import { checkTeamLibrary, type TeamLibrary } from '../app/team-library'
import { dispatch, toAppError } from '../dispatch'
import type { Library } from '../services/library-context'

/**
 * The only place that touches ipcMain: one handler per contract channel, the path grants of
 * the preload (see GRANT_PATH_CHANNEL), the folder dialog (`showFolderDialog`, whose choice
 * is granted the same way) and "Open team library…" (checked, then `openTeamWindow`). Calls from any frame that
 * is not our renderer are refused before dispatch. Each call goes to the library open at that moment (library:open
 * may replace it).
 */
export function registerIpc(
  library: Library | LibrarySource,
  isTrustedFrame: (url: string) => boolean,
  showFolderDialog: () => Promise<string | null>,
  openTeamWindow: (team: TeamLibrary) => void,
): void {
  const libraries = librarySource(library)
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedFrame(senderUrl(event))) return refused(event)
      return libraries.use((lib) => dispatch(lib, channel, input))
    })
  }
  // sendSync: the preload waits for the reply, so the path is allowed before its media:import arrives.
  ipcMain.on(GRANT_PATH_CHANNEL, (event, file: unknown) => {
    event.returnValue = isTrustedFrame(senderUrl(event)) && grantPath(libraries.current, file)
  })
  ipcMain.handle(CHOOSE_FOLDER_CHANNEL, async (event) => {
    if (!isTrustedFrame(senderUrl(event))) return null
    const folder = await showFolderDialog()
    return folder !== null && grantPath(libraries.current, folder) ? folder : null
  })
  ipcMain.handle(OPEN_TEAM_LIBRARY_CHANNEL, async (event, input: unknown) => {
    if (!isTrustedFrame(senderUrl(event))) return refused(event)
    try {
      const team = await checkTeamLibrary(input)
      openTeamWindow(team)
      return { ok: true, data: { origin: team.origin, person: team.person } }
    } catch (error) {
      return { ok: false, error: toAppError(error).toShape() }
    }
  })
}

function refused(event: IpcMainInvokeEvent) {
  const frameUrl = senderUrl(event)
  return {
    ok: false,
    error: new AppError('forbidden', `Refused IPC from ${frameUrl || 'an unknown frame'}.`).toShape(),
  }
}

/** Lets `media:import` read `file` (and what is inside it) this session; true when it now may. */
function grantPath(library: Library, file: unknown): boolean {
  // '' or a relative path would resolve against the working folder: never a path the user gave.
  if (typeof file !== 'string' || !path.isAbsolute(file)) return false
  return library.pathGate.allow(file)
}

function senderUrl(event: IpcMainEvent | IpcMainInvokeEvent): string {
  return event.senderFrame?.url ?? ''
}

/** Pushes the events of the open library (whichever it is) to one window until it closes. */
export function forwardEvents(library: Library | LibrarySource, contents: WebContents): void {
  const unsubscribe = librarySource(library).subscribe((event) => contents.send(EVENT_CHANNEL, event))
  contents.once('destroyed', unsubscribe)
}
