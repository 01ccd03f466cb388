import { createWriteStream } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { formatBytes } from '../../shared/byte-size'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'
import { listDownloadZip } from '../services/assets/zip-listing'

/** Options of `download`, merged into the CLI's parseArgs options. */
export const DOWNLOAD_OPTIONS = { out: { type: 'string' } } as const

export const DOWNLOAD_USAGE = `  download <id>... --out FILE.zip
                             the assets' own files as one zip (stored as they are, under their names);
                             prints what it wrote as JSON. Written beside FILE first, so no half zip is left`

/** `download ID… --out FILE.zip`: the assets' originals as one zip at FILE; resolves to the exit status. */
export async function runDownloadCommand(
  backend: CliBackend,
  args: string[],
  values: { out?: string },
  print: (value: unknown) => void,
): Promise<number> {
  expectArgs('download', args, { min: 1, max: Infinity, needs: 'asset ids' })
  if (values.out === undefined || !values.out.toLowerCase().endsWith('.zip')) {
    throw new AppError('validation', 'download needs --out FILE.zip: where to write the zip.')
  }
  const out = path.resolve(values.out)
  const partial = `${out}.part`
  try {
    await backend.download({ ids: args }, createWriteStream(partial))
    const { names, notIncluded } = await listDownloadZip(partial)
    await rename(partial, out)
    const { size } = await stat(out)
    print({ out, assets: names.length, bytes: size, size: formatBytes(size), notIncluded })
    return notIncluded.length > 0 ? 1 : 0
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}
