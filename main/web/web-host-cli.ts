import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { UPLOAD_DEFAULTS } from '../ingest/uploads'
import { openLibrarySession } from '../app/library-session'
import { startFakeComfy, type FakeComfy } from '../comfy/fake/server'
import type { Library } from '../services/library-context'
import { setComfyServer } from '../services/comfy-runs/comfy-server'
import { resolveLibraryDir } from '../library/library-location'
import { existingFolder, parsePort, parseSize, readRenderer } from './host-options'
import { startWebHost } from './web-host'

const USAGE = `Usage: npm run web -- [--library DIR] [--port N] [--allow-import-from DIR]...
                      [--max-upload-size SIZE] [--max-unclaimed-size SIZE] [--renderer DIR] [--fake-comfy]
  --allow-import-from DIR  a folder media:import may read by path (repeatable; default: none, uploads only)
  --max-upload-size SIZE   largest single upload, e.g. 64G (default ${UPLOAD_DEFAULTS.maxUploadBytes / 1024 ** 3}G)
  --max-unclaimed-size SIZE  most bytes of uploads waiting for an import (default ${UPLOAD_DEFAULTS.maxUnclaimedBytes / 1024 ** 3}G)
  --renderer DIR           serve this built renderer instead of building one (default without --build: out/renderer)
  --fake-comfy             start a fake ComfyUI server and make it the library's ComfyUI (to try "Run again" without one)`

/** `npm run web`: opens a library and serves the app to a browser on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      library: { type: 'string' },
      port: { type: 'string' },
      'allow-import-from': { type: 'string', multiple: true },
      'max-upload-size': { type: 'string' },
      'max-unclaimed-size': { type: 'string' },
      renderer: { type: 'string' },
      build: { type: 'boolean' },
      'fake-comfy': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) return console.log(USAGE)
  const port = parsePort(values.port ?? '0', USAGE)
  const allowedPaths = (values['allow-import-from'] ?? []).map(existingFolder)
  const uploads = {
    maxUploadBytes: parseSize('--max-upload-size', values['max-upload-size']),
    maxUnclaimedBytes: parseSize('--max-unclaimed-size', values['max-unclaimed-size']),
  }
  const renderer = await readRenderer(values.build === true, values.renderer)
  // The app's "Open restored library" puts another library in this one's place (library:open).
  const session = openLibrarySession(
    resolveLibraryDir(values.library),
    { actor: `${userInfo().username} (web host)`, allowedPaths, uploads, hashAfterImports: true, watchFolders: true },
    (opened) => console.log(`Framevault library: ${opened.dir} (opened from the app)`),
  )
  const fake = values['fake-comfy'] === true ? await useFakeComfy(session.current) : null
  const host = await startWebHost({ library: session, rendererDir: renderer.dir, renderer, port })
  console.log(`Framevault library: ${session.current.dir}`)
  if (fake) console.log(`Fake ComfyUI: ${fake.url} (set as this library's ComfyUI server)`)
  console.log(
    allowedPaths.length > 0
      ? `Imports by path allowed from: ${allowedPaths.join(', ')}`
      : 'Imports by path: off (uploads only; --allow-import-from DIR allows a folder)',
  )
  console.log(`Open in your browser: ${host.url}`)
  const stop = () => {
    void host
      .close()
      // The library first: its runs still interrupt their prompts on the fake as they are cancelled.
      .then(() => session.close())
      .then(() => fake?.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/**
 * Starts the fake ComfyUI with the library's own ffmpeg and keeps it as the library's server, so the
 * whole "Run again" path can be tried (and e2e-tested) without a real ComfyUI.
 */
async function useFakeComfy(library: Library): Promise<FakeComfy> {
  const fake = await startFakeComfy({ ffmpeg: library.tools.ffmpeg })
  try {
    await setComfyServer(library, fake.url)
  } catch (error) {
    await fake.close()
    throw error
  }
  return fake
}

main().catch((error: unknown) => {
  console.error(`framevault web: ${(error as Error).message}`)
  process.exit(1)
})
