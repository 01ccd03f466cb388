import path from 'node:path'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'
import { runJob } from './run-job'

/** Options of `import-comfy-history`, merged into the CLI's parseArgs options. */
export const HISTORY_OPTIONS = { outputs: { type: 'string' } } as const

export const HISTORY_USAGE = `  import-comfy-history <history.json> --outputs DIR
                             import a ComfyUI history (its /history answer saved to a file): each prompt
                             id an execution, each saved output under DIR imported onto its node; prints
                             what it did as JSON, progress on stderr`

/** Runs `import-comfy-history` on an open library; resolves to the exit status. */
export async function runHistoryCommand(
  backend: CliBackend,
  args: string[],
  values: { outputs?: string },
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  expectArgs('import-comfy-history', args, { min: 1, max: 1, needs: 'a history file' })
  if (!values.outputs) {
    throw new AppError(
      'validation',
      `import-comfy-history needs --outputs DIR (ComfyUI's output folder).\n\n${HISTORY_USAGE}`,
    )
  }
  const request = { historyPath: path.resolve(args[0]!), outputDir: path.resolve(values.outputs) }
  return runJob(backend, 'history:import', request, print, report)
}
