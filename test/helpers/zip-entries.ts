import { createHash } from 'node:crypto'
import { buffer } from 'node:stream/consumers'
import { fromBufferPromise } from 'yauzl'
import { entriesOf } from '../../main/services/assets/zip-listing'

/** A zip's entries in order, each with its name, its bytes' `sha256:<hex>` and how it is stored (0 stored, 8 deflated). */
export async function zipEntries(bytes: Buffer): Promise<Array<{ name: string; sha256: string; method: number }>> {
  const zip = await fromBufferPromise(bytes, { lazyEntries: true })
  const entries = []
  for (const entry of await entriesOf(zip)) {
    const content = await buffer(await zip.openReadStreamPromise(entry))
    const sha256 = `sha256:${createHash('sha256').update(content).digest('hex')}`
    entries.push({ name: entry.fileName, sha256, method: entry.compressionMethod })
  }
  return entries
}
