import { existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openLibrary } from '../library/library'
import { resolveLibraryDir } from '../library/library-location'
import { startWebHost } from './web-host'

const USAGE = 'Usage: npm run web -- [--library DIR] [--port N]'
const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer')

/** `npm run web`: opens a library and serves the app to a browser on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { library: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } },
  })
  if (values.help) return console.log(USAGE)
  const port = Number(values.port ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535. ${USAGE}`)
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR}); run \`npm run build\` first.`)
  }
  const library = openLibrary(resolveLibraryDir(values.library), { actor: `${userInfo().username} (web host)` })
  const host = await startWebHost({ library, rendererDir: RENDERER_DIR, port })
  console.log(`Framevault library: ${library.dir}`)
  console.log(`Open in your browser: ${host.url}`)
  const stop = () => {
    void host
      .close()
      .then(() => library.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(`framevault web: ${(error as Error).message}`)
  process.exit(1)
})
