import { afterEach } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { openLibrary } from '../../main/app/open-library'
import { freshHubDatabase } from './sql-engines'
import { tempDir } from './temp-dir'

/**
 * A new library of either engine by name, for `describe.each`: a library folder (SQLite) and a hub (PostgreSQL).
 * Each one opened, and each given to `closeAfter`, is closed after its test.
 */
export function librariesOfBothEngines(): {
  libraries: Record<string, () => Promise<Library>>
  closeAfter: <L extends Library>(lib: L) => L
} {
  const opened: Library[] = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((lib) => lib.close()))
  })
  const closeAfter = <L extends Library>(lib: L): L => {
    opened.push(lib)
    return lib
  }
  return {
    libraries: {
      'a library folder (SQLite)': async () => closeAfter(openLibrary(tempDir())),
      'a hub (PostgreSQL)': async () =>
        closeAfter(await openHubLibrary(tempDir(), await freshHubDatabase(), { actor: 'hub' })),
    },
    closeAfter,
  }
}
