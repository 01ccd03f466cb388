import { afterEach } from 'vitest'
import { openLibrary, type Library } from '../../main/library/library'
import { tempDir } from './temp-dir'

const opened: Library[] = []

afterEach(() => {
  for (const lib of opened.splice(0)) lib.close()
})

/** Opens a library (by default in a fresh temp folder); it is closed after the current test. */
export function testLibrary(dir: string = tempDir()): Library {
  const lib = openLibrary(dir)
  opened.push(lib)
  return lib
}
