import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pidIsAlive } from '../jobs/process-owner'

// `<pid>-<hex>`: a build folder of one `npm run web` start, removable once that process is gone.
const BUILD_FOLDER = /^(\d+)-[0-9a-f]{8}$/

/** A renderer built for one start of the web host, and how to remove it. */
export interface FreshRenderer {
  rendererDir: string
  remove(): Promise<void>
}

/**
 * Builds the app with electron-vite into a folder of this start's own under
 * `<projectRoot>/node_modules/.cache/framevault-web/`. Concurrent starts never share a folder,
 * so none empties or half-writes what another is reading; out/ is not touched at all (it is
 * what packaging takes, so transient builds must stay out of it).
 */
export async function buildRendererAfresh(projectRoot: string): Promise<FreshRenderer> {
  const parent = path.join(projectRoot, 'node_modules', '.cache', 'framevault-web')
  await removeAbandonedBuilds(parent)
  const outDir = path.join(parent, `${process.pid}-${randomBytes(4).toString('hex')}`)
  const remove = () => rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  try {
    await runBuild(projectRoot, outDir)
  } catch (error) {
    await remove()
    throw error
  }
  return { rendererDir: path.join(outDir, 'renderer'), remove }
}

/** Removes build folders whose web host process is gone (it crashed before removing its own). */
async function removeAbandonedBuilds(parent: string): Promise<void> {
  const names = await readdir(parent).catch(() => [])
  const abandoned = names.filter((name) => {
    const pid = BUILD_FOLDER.exec(name)?.[1]
    return pid !== undefined && !pidIsAlive(Number(pid))
  })
  await Promise.all(abandoned.map((name) => rm(path.join(parent, name), { recursive: true, force: true })))
}

function runBuild(projectRoot: string, outDir: string): Promise<void> {
  const require = createRequire(path.join(projectRoot, 'package.json'))
  const packageDir = path.dirname(require.resolve('electron-vite/package.json'))
  const bin = path.join(packageDir, 'bin', 'electron-vite.js')
  const args = [bin, 'build', '--logLevel', 'warn', '--outDir', outDir]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`Building the renderer failed (electron-vite ${signal ?? `exited with ${code}`}).`))
    })
  })
}
