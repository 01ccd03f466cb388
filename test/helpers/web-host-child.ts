// A web host in a child process for two-process tests: serves the library in argv[2] with the
// token in argv[3] (no renderer needed), prints its port, and closes on SIGTERM.
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLibrary } from '../../main/app/open-library'
import { startWebHost } from '../../main/web/web-host'

const library = openLibrary(process.argv[2]!, { actor: 'web host (test)' })
const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-no-renderer-'))
startWebHost({ library, rendererDir, port: 0, token: process.argv[3]! }).then(
  (host) => {
    console.log(JSON.stringify({ port: host.port }))
    process.once('SIGTERM', () => {
      void host
        .close()
        .then(() => library.close())
        .then(() => process.exit(0))
    })
  },
  (error: unknown) => {
    console.error(`web host child: ${(error as Error).message}`)
    process.exit(1)
  },
)
