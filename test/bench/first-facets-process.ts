import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { openLibrary } from '../../main/app/open-library'
import type { Row } from './figures'
import { firstFacetsRows } from './first-facets'

const HERE = fileURLToPath(import.meta.url)
const PROJECT_ROOT = path.resolve(path.dirname(HERE), '../..')

/**
 * The first-facets rows measured in a process of their own, as a host that opens the library has them: the process
 * that just built the synthetic library holds its build in memory and its pages warm (1,883 MiB RSS instead of
 * 314, and the first facets 0.68 s instead of 1.00 s, in one run each).
 */
export function firstFacetsInNewProcess(libraryDir: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
      [HERE, libraryDir],
      { cwd: PROJECT_ROOT, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`The first-facets process failed: ${error.message}\n${stderr}`))
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Row[])
        } catch {
          reject(new Error(`The first-facets process printed no rows:\n${stdout}\n${stderr}`))
        }
      },
    )
  })
}

// Run as a script: measures the rows over the library at argv[2] and prints them as one JSON line.
if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const lib = openLibrary(process.argv[2]!, { actor: 'bench' })
  try {
    console.log(JSON.stringify(await firstFacetsRows(lib)))
  } finally {
    await lib.close()
  }
}
