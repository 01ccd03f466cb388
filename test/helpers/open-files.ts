import { existsSync, readdirSync, readlinkSync } from 'node:fs'

/** How many file descriptors this process holds open on `file` (Linux /proc; 0 elsewhere). */
export function openDescriptorsOn(file: string): number {
  if (!existsSync('/proc/self/fd')) return 0
  let count = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) count++
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return count
}
