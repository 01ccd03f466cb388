import { text } from 'node:stream/consumers'
import { openPromise, type Entry, type ZipFile } from 'yauzl'
import { NOT_INCLUDED } from './download-zip'

/** What a download's zip holds: its assets' entry names, and the files it says it could not include, with why. */
export interface ZipListing {
  names: string[]
  notIncluded: string[]
}

/** Reads a download's zip at `file` (its central directory, and NOT INCLUDED.txt when there is one). */
export async function listDownloadZip(file: string): Promise<ZipListing> {
  const zip = await openPromise(file, { lazyEntries: true, autoClose: false })
  try {
    const listing: ZipListing = { names: [], notIncluded: [] }
    for (const entry of await entriesOf(zip)) {
      if (entry.fileName !== NOT_INCLUDED) listing.names.push(entry.fileName)
      else listing.notIncluded = (await text(await zip.openReadStreamPromise(entry))).trim().split('\n').slice(1)
    }
    return listing
  } finally {
    zip.close()
  }
}

/** Every entry of a zip opened with lazyEntries, in order. */
export function entriesOf(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    zip.on('entry', (entry: Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.on('end', () => resolve(entries))
    zip.on('error', reject)
    zip.readEntry()
  })
}
