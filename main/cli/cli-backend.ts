import type { Writable } from 'node:stream'
import type { Channel, ChannelInput, ChannelOutput, EventMessage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Library } from '../services/library-context'
import { dispatch } from '../dispatch'
import { downloadEntries, writeAssetsZip } from '../services/assets/download-zip'

/**
 * What the CLI's commands talk to: a library this process opened (`--library`), or a host that serves one over HTTP
 * (`--hub URL --token T`, remote-backend.ts). Both speak the contract: the commands never know which it is.
 */
export interface CliBackend {
  /** Calls a channel; resolves to its data, throws its typed error. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
  /** Listens to push events (jobs, imports, thumbnails) until the returned function is called. */
  subscribe(listener: (event: EventMessage) => void): Promise<() => void>
  /** Writes the assets' own files into `out` as one zip (as `GET /download` sends it); rejects before a byte if an id is unknown. */
  download(set: { ids: readonly string[] }, out: Writable): Promise<void>
}

/** The backend of a library this process opened: calls go through the dispatcher, as every host's do. */
export function libraryBackend(library: Library): CliBackend {
  return {
    async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const envelope = await dispatch(library, channel, input)
      if (!envelope.ok) throw AppError.fromShape(envelope.error)
      return envelope.data as ChannelOutput<C>
    },
    subscribe: async (listener) => library.events.subscribe(listener),
    async download(set, out) {
      await writeAssetsZip(library, await downloadEntries(library, set), out)
    },
  }
}
