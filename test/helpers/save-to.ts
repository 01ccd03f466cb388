import { writeAtomically, type SaveFile } from '../../main/library/atomic-write'

/** Saves a rendered thumbnail into the local file `dest` (as the library's store would save it under a key). */
export function saveTo(dest: string): SaveFile {
  return (fill) => writeAtomically(dest, fill)
}
