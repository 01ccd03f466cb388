import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { EVENT_CHANNEL, type BridgeApi } from '../shared/bridge'
import { channels, type EventMessage } from '../shared/contract'

// The bridge: one invoke per contract channel, an event subscription and dropped files' paths; nothing else.
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
  pathForFile: (file: File) => webUtils.getPathForFile(file),
} as BridgeApi

contextBridge.exposeInMainWorld('api', api)
