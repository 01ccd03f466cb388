import { homedir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { JobKind } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { startWorker } from '../hub/hub-worker'
import { parseSize } from '../web/host-options'

export const WORKER_USAGE = `  worker --hub URL --token T [--kinds a,b] [--concurrency N] [--data DIR] [--cache-size SIZE]
                             run the hub's long jobs (analyses, processing, near-duplicate hashing, verify, pipeline
                             runs) on this machine until stopped (Ctrl-C hands the jobs it holds back to the queue).
                             The token is an admin's; --kinds limits what it claims; --concurrency how many at once
                             (default one per CPU); --data its folder for temporary files and downloads`

export const WORKER_OPTIONS = {
  kinds: { type: 'string' },
  concurrency: { type: 'string' },
  data: { type: 'string' },
  'cache-size': { type: 'string' },
} as const

const DEFAULT_DATA = path.join(homedir(), 'Framevault Worker')

/**
 * `framevault worker`: works for the hub until SIGINT or SIGTERM, then hands its jobs back, or until the hub refuses
 * it for good (1, said in words); resolves to the exit status.
 */
export async function runWorkerCommand(values: {
  hub?: string
  token?: string
  kinds?: string
  concurrency?: string
  data?: string
  'cache-size'?: string
}): Promise<number> {
  if (values.hub === undefined) throw new AppError('validation', `worker needs --hub URL.\n\n${WORKER_USAGE}`)
  const token = values.token ?? process.env.FRAMEVAULT_HUB_TOKEN
  if (!token)
    throw new AppError('validation', 'worker needs --token T (or $FRAMEVAULT_HUB_TOKEN): an admin token of the hub.')
  const worker = await startWorker({
    hub: values.hub,
    token,
    kinds: values.kinds === undefined ? undefined : parseKinds(values.kinds),
    concurrency: values.concurrency === undefined ? undefined : parseConcurrency(values.concurrency),
    dir: values.data ?? DEFAULT_DATA,
    cacheBytes: parseSize('--cache-size', values['cache-size']),
  })
  const stopped = await Promise.race([
    worker.gaveUp,
    new Promise<null>((resolve) => {
      process.once('SIGINT', () => resolve(null))
      process.once('SIGTERM', () => resolve(null))
    }),
  ])
  if (stopped !== null) {
    console.error(`framevault worker: stopped: ${stopped}`)
    await worker.close()
    return 1
  }
  console.log('Stopping: the jobs this worker holds go back to the queue.')
  await worker.close()
  return 0
}

/** `framevault worker` from its own arguments (a hub starts its helper workers so, as its own entry). */
export function runWorkerArgs(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { hub: { type: 'string' }, token: { type: 'string' }, ...WORKER_OPTIONS },
  })
  return runWorkerCommand(values)
}

function parseKinds(text: string): JobKind[] {
  const kinds = text.split(',').map((kind) => kind.trim())
  const unknown = kinds.filter((kind) => !JobKind.safeParse(kind).success)
  if (unknown.length > 0 || kinds.length === 0) {
    throw new AppError(
      'validation',
      `--kinds takes job kinds separated by commas (${JobKind.options.join(', ')}), not "${unknown.join(', ') || text}".`,
    )
  }
  return kinds as JobKind[]
}

function parseConcurrency(text: string): number {
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new AppError('validation', `--concurrency takes a whole number from 1 to 256, not "${text}".`)
  }
  return count
}
