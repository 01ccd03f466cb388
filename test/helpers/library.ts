import { afterEach } from 'vitest'
import { openLibrary, type Library, type OpenLibraryOptions } from '../../main/library/library'
import { tempDir } from './temp-dir'

const opened: Library[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((lib) => lib.close()))
})

/** Opens a library (by default in a fresh temp folder); it is closed after the current test. */
export function testLibrary(dir: string = tempDir(), options: OpenLibraryOptions = {}): Library {
  const lib = openLibrary(dir, options)
  opened.push(lib)
  return lib
}
