import type { BridgeApi } from '../../../shared/bridge'
import type { Transport } from './transport'

/** The transport under Electron: the preload's `window.api`. */
export function electronTransport(bridge: BridgeApi): Transport {
  return {
    invoke: (channel, input) => bridge[channel](input),
    onEvent: (listener) => bridge.onEvent(listener),
  }
}
