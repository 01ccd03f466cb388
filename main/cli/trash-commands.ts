import { createInterface } from 'node:readline/promises'
import type { Channel, ChannelInput, DeletePreview } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'

/** Options of the trash commands, merged into the CLI's parseArgs options. */
export const TRASH_OPTIONS = { yes: { type: 'boolean', short: 'y' } } as const

export const TRASH_USAGE = `  rm <id>... [--yes]         delete assets: copied files and thumbnails go to the library's trash/,
                             linked originals stay where they are; prints the result as JSON.
                             Asks first (y/N) on a terminal; elsewhere --yes is required
  trash                      one JSON line per delete still in the trash, newest first
  undo <batch>               put a delete back (files, rows, tags) while it is in the trash
  empty-trash [<batch>]      delete the trash's files for good (one delete, or all of them)`

const COMMANDS = ['rm', 'trash', 'undo', 'empty-trash'] as const
type TrashCommand = (typeof COMMANDS)[number]

/** How the CLI talks to a person: whether stdin is a terminal, and a y/N question on it. */
export interface Prompt {
  interactive: boolean
  confirm(question: string): Promise<boolean>
}

/** True for `rm`, `trash`, `undo` and `empty-trash`. */
export function isTrashCommand(command: string): command is TrashCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one trash command on an open library; resolves to the exit status. */
export async function runTrashCommand(
  backend: CliBackend,
  command: TrashCommand,
  args: string[],
  values: { yes?: boolean },
  print: (value: unknown) => void,
  prompt: Prompt = terminalPrompt(),
): Promise<number> {
  const call = <C extends Channel>(channel: C, input: ChannelInput<C>) => backend.call(channel, input)
  if (command === 'trash') {
    expectArgs(command, args, { min: 0, max: 0, needs: 'no arguments' })
    const { batches } = (await call('trash:list', { limit: 1000 })) as { batches: unknown[] }
    batches.forEach(print)
    return 0
  }
  if (command === 'undo') {
    expectArgs(command, args, { min: 1, max: 1, needs: 'the id of a delete (see `trash`)' })
    print(await call('trash:undo', { batchId: args[0] }))
    return 0
  }
  if (command === 'empty-trash') {
    expectArgs(command, args, { min: 0, max: 1, needs: 'at most one delete id' })
    print(await call('trash:empty', args.length === 0 ? {} : { batchId: args[0] }))
    return 0
  }
  expectArgs(command, args, { min: 1, max: Infinity, needs: 'asset ids' })
  if (!values.yes) {
    const preview = (await call('media:delete-preview', { ids: args })) as DeletePreview
    if (!prompt.interactive) {
      print({ preview })
      throw new AppError('conflict', `rm: not deleting without --yes (no terminal to ask on). ${describe(preview)}`)
    }
    if (preview.assets === 0) throw new AppError('not_found', `No asset with id ${args.slice(0, 5).join(', ')}.`)
    if (!(await prompt.confirm(`${describe(preview)} Delete? [y/N] `))) {
      print({ preview, deleted: false })
      return 1
    }
  }
  print(await call('media:delete', { ids: args }))
  return 0
}

/** The confirmation text: what goes to the trash and what stays. */
function describe(preview: DeletePreview): string {
  const parts = [`${preview.assets} asset${preview.assets === 1 ? '' : 's'} would be deleted:`]
  parts.push(`${preview.copied.count} copied file(s) (${mebibytes(preview.copied.bytes)}) go to the library's trash;`)
  parts.push(`${preview.linked.count} linked original(s) stay where they are.`)
  if (preview.notFound.length > 0) parts.push(`Not found: ${preview.notFound.slice(0, 5).join(', ')}.`)
  return parts.join(' ')
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Asks on the terminal (stderr, so stdout stays JSON lines). */
function terminalPrompt(): Prompt {
  return {
    interactive: Boolean(process.stdin.isTTY),
    async confirm(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr })
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim())
      } finally {
        rl.close()
      }
    },
  }
}
