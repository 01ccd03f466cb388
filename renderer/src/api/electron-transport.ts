import type { BridgeApi } from '../../../shared/bridge'
import type { Transport } from './transport'

/** The transport under Electron: the preload's `window.api`. */
export function electronTransport(bridge: BridgeApi): Transport {
  return {
    invoke: (channel, input) => bridge[channel](input),
    onEvent: (listener) => bridge.onEvent(listener),
    async importFiles(files, link) {
      // Items without a path (text snippets, files from another app's memory) cannot be imported by path.
      const paths = files.map((file) => bridge.pathForFile(file)).filter((path) => path !== '')
      if (paths.length === 0) {
        return { ok: false, error: { code: 'validation', message: 'These items have no file on disk.' } }
      }
      return bridge['media:import']({ paths, link })
    },
    canLink: true,
    canReveal: true,
    chooseFolder: () => bridge.chooseFolder(),
    pathOfFile: (file) => bridge.pathForFile(file),
  }
}
