import type { WatchEvent, WatchFolder } from '../../../../shared/contract'

/** The parts of a path, whichever separator the host's system uses. */
const partsOf = (path: string) => path.split(/[\\/]/).filter((part) => part !== '')

/** A file's path as shown under its watched folder: relative to it when inside it, else its name. */
export function fileShown(file: string, folder: WatchFolder | undefined): string {
  if (folder && file.startsWith(folder.path) && /^[\\/]/.test(file.slice(folder.path.length))) {
    return file.slice(folder.path.length + 1)
  }
  return partsOf(file).at(-1) ?? file
}

/** A folder's last two parts ("ComfyUI/output"): every ComfyUI's folder is called output. */
export function folderShown(path: string): string {
  return partsOf(path).slice(-2).join('/') || path
}

/**
 * The watcher notes a file each time it sees it grow; a run of such notes for one file (events newest
 * first, other files' between them or not) reads as one "still being written", the newest kept.
 */
export function collapseWaiting(events: WatchEvent[]): WatchEvent[] {
  const newerKind = new Map<string, WatchEvent['kind']>()
  return events.filter((event) => {
    if (event.path === null) return true
    const newer = newerKind.get(`${event.folderId}:${event.path}`)
    newerKind.set(`${event.folderId}:${event.path}`, event.kind)
    return !(event.kind === 'waiting' && newer === 'waiting')
  })
}

/** What the watcher did, as a person would say it. */
export function eventWords(event: WatchEvent): string {
  switch (event.kind) {
    case 'added':
      return `watching started${event.detail ? ` — ${event.detail}` : ''}`
    case 'waiting':
      return 'waiting — still being written'
    case 'imported':
      return 'imported'
    case 'duplicate':
      // The backend says "same content as NAME"; the name is what the person needs.
      return `duplicate of ${event.detail?.replace(/^same content as /, '') ?? 'an asset already here'}`
    case 'failed':
      return `failed: ${event.detail ?? 'no reason given'}`
    case 'paused':
      return 'paused'
    case 'resumed':
      return 'resumed'
    case 'missing':
      return 'folder missing — looked for again every second'
    case 'refused':
      return `folder not watched: ${event.detail ?? 'it is no longer a folder'}`
    case 'found':
      return 'folder there again — watching goes on'
  }
}

/** An event's time: the clock time today, the date and time before. */
export function eventTime(iso: string, now = new Date()): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return at.toDateString() === now.toDateString()
    ? at.toLocaleTimeString()
    : at.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })
}

/** Refuses a path the backend cannot take before asking it: the folder's whole path is needed. */
export function pathProblem(path: string): string | null {
  if (path === '') return 'Type the folder’s path, or choose it.'
  const whole = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
  return whole ? null : 'Type the folder’s whole path, such as /home/you/ComfyUI/output.'
}
