/** The part of the browser's FileSystemEntry API a drop needs (webkitGetAsEntry). */
export interface DropEntry {
  name: string
  isFile: boolean
  isDirectory: boolean
  file?(success: (file: File) => void, failure: (error: unknown) => void): void
  createReader?(): { readEntries(success: (entries: DropEntry[]) => void, failure: (error: unknown) => void): void }
}

/**
 * The files of a drop. In a browser a dropped folder arrives as an unreadable stand-in, so
 * folders are expanded into the files inside them (recursively, hidden entries skipped);
 * under Electron the folder's own path is imported instead, so `expandFolders` is off there.
 */
export function droppedFiles(transfer: DataTransfer, expandFolders: boolean): Promise<File[]> {
  const files = Array.from(transfer.files)
  if (!expandFolders) return Promise.resolve(files)
  // Entries must be taken while the drop event runs; the transfer is emptied once it returns.
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry() as DropEntry | null)
  if (entries.some((entry) => entry === null)) return Promise.resolve(files)
  // Should a folder be unreadable, import what the drop itself carried; the upload then names what failed.
  return filesOfEntries(entries as DropEntry[]).catch(() => files)
}

/** Every file below the given entries, folders expanded depth-first in name order; dot files inside folders are skipped. */
export async function filesOfEntries(entries: DropEntry[]): Promise<File[]> {
  const found: File[] = []
  const visit = async (entry: DropEntry, inFolder: boolean): Promise<void> => {
    if (inFolder && entry.name.startsWith('.')) return
    if (entry.isFile && entry.file) found.push(await new Promise<File>((ok, fail) => entry.file!(ok, fail)))
    else if (entry.isDirectory && entry.createReader) {
      const children = await readAll(entry.createReader())
      children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      for (const child of children) await visit(child, true)
    }
  }
  for (const entry of entries) await visit(entry, false)
  return found
}

// readEntries hands out a folder in batches (100 at a time in Chromium) until it returns none.
async function readAll(reader: ReturnType<NonNullable<DropEntry['createReader']>>): Promise<DropEntry[]> {
  const all: DropEntry[] = []
  for (;;) {
    const batch = await new Promise<DropEntry[]>((ok, fail) => reader.readEntries(ok, fail))
    if (batch.length === 0) return all
    all.push(...batch)
  }
}
