import { Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/errors'
import { READ_LIMITS, type ReadLimits } from '../../db/repos/external-caches'
import type { Library } from '../library-context'
import { workerScript } from '../../media/worker-script'
import { isGone, statLinked, type LinkedStats } from '../../storage/linked-files'
import type { PluginRead, PluginReadReply, PluginReadRequest, PluginReadResults } from './plugin-database-worker'

/** How much of a plugin's file one read may take: bytes (see ReadLimits) and time before its worker is stopped. */
export interface PluginReadOptions {
  limits?: ReadLimits
  timeLimitMs?: number
}

const TIME_LIMIT_MS = 30_000
// Twice what the byte limits let through as text, for the rows parsed from it; past it the worker fails, not the host.
const WORKER_HEAP_MB = 1024

/**
 * Reads a plugin's SQLite file (path-gated like imports) on a worker thread of its own, read only and within
 * `options`; every refusal, SQLite's included, is an AppError in words.
 */
export async function readPluginDatabase<R extends PluginRead>(
  lib: Pick<Library, 'pathGate' | 'nativeBinding'>,
  file: string,
  read: R,
  { limits = READ_LIMITS, timeLimitMs = TIME_LIMIT_MS }: PluginReadOptions = {},
): Promise<PluginReadResults[R['type']]> {
  lib.pathGate.check([file], 'open')
  await checkIsFile(file)
  const script = workerScript('../services/analyses/plugin-database-worker')
  const request: PluginReadRequest = { file, nativeBinding: lib.nativeBinding, limits, read }
  const worker = new Worker(script.url, {
    execArgv: script.execArgv,
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  })
  let timer: NodeJS.Timeout | undefined
  try {
    return await new Promise<PluginReadResults[R['type']]>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError('too_large', `${file} took longer than ${timeLimitMs / 1000} s to read: it was left unread.`),
          ),
        timeLimitMs,
      )
      worker.on('message', (reply: PluginReadReply) =>
        reply.ok ? resolve(reply.data as PluginReadResults[R['type']]) : reject(AppError.fromShape(reply.error)),
      )
      worker.on('error', (error) => reject(workerFailure(file, error)))
      worker.on('exit', () => reject(new AppError('validation', `${file} could not be read: its reader stopped.`)))
    })
  } finally {
    clearTimeout(timer)
    // A worker stuck in SQLite stops when its step returns; the answer does not wait for that.
    void worker.terminate()
  }
}

/** Refuses in words what is not a regular file: SQLite would wait forever on a named pipe. */
async function checkIsFile(file: string): Promise<void> {
  let info: LinkedStats
  try {
    info = await statLinked(file)
  } catch (error) {
    if (isGone(error)) throw new AppError('not_found', `No database at ${file}.`)
    throw new AppError('validation', `${file} could not be read: ${(error as Error).message}`)
  }
  if (info.isFile()) return
  throw new AppError('validation', `${file} is ${kindOf(info)}, not a database file.`)
}

function kindOf(info: LinkedStats): string {
  if (info.isDirectory()) return 'a folder'
  if (info.isFIFO()) return 'a named pipe'
  if (info.isSocket()) return 'a socket'
  return 'a device'
}

function workerFailure(file: string, error: Error): AppError {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new AppError('too_large', `${file} needs more memory to read than this program gives it.`)
  }
  return new AppError('validation', `${file} could not be read: ${error.message}`)
}
