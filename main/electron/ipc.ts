import { ipcMain, type WebContents } from 'electron'
import { EVENT_CHANNEL } from '../../shared/bridge'
import { channels } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { dispatch } from '../dispatch'
import type { Library } from '../library/library'

/**
 * The only place that touches ipcMain: one handler per contract channel. Calls from any
 * frame that is not our renderer are refused before dispatch.
 */
export function registerIpc(library: Library, isTrustedFrame: (url: string) => boolean): void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isTrustedFrame(frameUrl)) {
        return {
          ok: false,
          error: new AppError('forbidden', `Refused IPC from ${frameUrl || 'an unknown frame'}.`).toShape(),
        }
      }
      return dispatch(library, channel, input)
    })
  }
}

/** Pushes the library's events to one window until it closes. */
export function forwardEvents(library: Library, contents: WebContents): void {
  const unsubscribe = library.events.subscribe((event) => contents.send(EVENT_CHANNEL, event))
  contents.once('destroyed', unsubscribe)
}
