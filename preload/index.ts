import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  CHOOSE_FOLDER_CHANNEL,
  EVENT_CHANNEL,
  GRANT_PATH_CHANNEL,
  OPEN_TEAM_LIBRARY_CHANNEL,
  type BridgeApi,
} from '../shared/bridge'
import { channels, type EventMessage } from '../shared/contract'
import type { TeamLibraryRequest } from '../shared/team-library'

// The bridge: one invoke per contract channel, an event subscription, dropped files' paths, the folder dialog and
// "Open team library…"; nothing else.
const calls = Object.fromEntries(
  channels.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
)

const api = {
  ...calls,
  onEvent(listener: (event: EventMessage) => void) {
    const relay = (_event: unknown, message: EventMessage) => listener(message)
    ipcRenderer.on(EVENT_CHANNEL, relay)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay)
    }
  },
  pathForFile(file: File) {
    const path = webUtils.getPathForFile(file)
    // The user gave this file (drop or picker): main may import it. Synchronous, so the grant is
    // in place before the media:import call that follows; '' (no file on disk) grants nothing.
    if (path !== '') ipcRenderer.sendSync(GRANT_PATH_CHANNEL, path)
    return path
  },
  chooseFolder: () => ipcRenderer.invoke(CHOOSE_FOLDER_CHANNEL) as Promise<string | null>,
  openTeamLibrary: (request: TeamLibraryRequest) =>
    ipcRenderer.invoke(OPEN_TEAM_LIBRARY_CHANNEL, request) as ReturnType<BridgeApi['openTeamLibrary']>,
} as BridgeApi

contextBridge.exposeInMainWorld('api', api)
