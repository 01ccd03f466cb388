import type { z } from 'zod'
import type { Channel, ChannelInput, ChannelOutput, UploadRef } from '../../../shared/contract'

/** An upload the hub holds, as its import names it. */
export type Upload = z.infer<typeof UploadRef>

/** The hub as a push reaches it: only through the contract's channels. */
export interface HubCalls {
  /** Calls a channel on the hub; resolves to its data, throws its typed error. */
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
}

/** The hub with its upload endpoint: the files a push sends go up as uploads that media:import-uploads imports. */
export interface PushHub extends HubCalls {
  /** Sends a local file as an upload named `name`; resumable when its content (`sha256:<hex>`) is given. */
  upload(file: string, name: string, sha256?: string): Promise<Upload>
}
