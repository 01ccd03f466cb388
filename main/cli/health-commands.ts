import path from 'node:path'
import { HealthResult } from '../../shared/contract'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'
import { followJob } from './run-job'

/** Options of the health commands, merged into the CLI's parseArgs options. */
export const HEALTH_OPTIONS = { ids: { type: 'string', multiple: true } } as const

export const HEALTH_USAGE = `  verify [--ids ID,...]      re-hash the files of the assets (all when --ids is absent): progress as JSON
                             lines on stderr; on stdout one {"item"} line per changed, missing,
                             failed or skipped asset (the first 1000; the job's result counts all),
                             then {"job", "report"}. Exit 1 when any is
                             changed, missing or failed. Ctrl+C cancels (results so far are kept)
  relink <folder> [--ids ID,...]
                             find the moved files of missing linked assets in <folder> (recursively)
                             by sampled id, confirmed by SHA-256; one {"item"} line per asset looked
                             for (relinked, missing, copied...), then {"job"}. Exit 1 when any is
                             still missing`

const COMMANDS = ['verify', 'relink'] as const
type HealthCommand = (typeof COMMANDS)[number]

/** True for `verify` and `relink`. */
export function isHealthCommand(command: string): command is HealthCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs `verify` or `relink` to the end (or Ctrl+C); resolves to the exit status. */
export async function runHealthCommand(
  backend: CliBackend,
  command: HealthCommand,
  args: string[],
  values: { ids?: string[] },
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  const ids = values.ids
    ?.flatMap((list) => list.split(','))
    .map((id) => id.trim())
    .filter(Boolean)
  const input =
    command === 'verify'
      ? (expectArgs(command, args, { min: 0, max: 0, needs: 'no arguments' }), { ids })
      : (expectArgs(command, args, { min: 1, max: 1, needs: 'a folder' }), { folder: path.resolve(args[0]!), ids })
  const job = await followJob(backend, `health:${command}`, input, report)
  const result = HealthResult.parse(job.result)
  for (const item of result.items) print({ item })
  if (command === 'verify') print({ job, report: await backend.call('health:report', {}) })
  else print({ job })
  const { changed, missing, failed, copied } = result.counts
  return job.state === 'done' && changed + missing + failed + copied === 0 ? 0 : 1
}
