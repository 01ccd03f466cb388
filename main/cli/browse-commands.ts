import type { Channel, ChannelInput, ChannelOutput, MediaAsset, MediaFilter } from '../../shared/contract'
import { MAX_PAGE } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'

/** Options of the browse commands, merged into the CLI's parseArgs options. */
export const BROWSE_OPTIONS = {
  query: { type: 'string' },
  type: { type: 'string' },
  'min-width': { type: 'string' },
  'min-duration': { type: 'string' },
  'max-duration': { type: 'string' },
  tag: { type: 'string', multiple: true },
  sort: { type: 'string' },
  desc: { type: 'boolean' },
  limit: { type: 'string' },
} as const

/** What parseArgs gives the browse commands. */
export interface BrowseValues {
  query?: string
  type?: string
  'min-width'?: string
  'min-duration'?: string
  'max-duration'?: string
  tag?: string[]
  sort?: string
  desc?: boolean
  limit?: string
}

export const BROWSE_USAGE = `  ls [--query Q] [--type video|image|audio] [--min-width N] [--min-duration S] [--max-duration S]
     [--tag T]... [--sort imported|name|duration|size|resolution] [--desc] [--limit N]
                             one JSON line per matching asset (default: newest import first; a
                             --sort is ascending unless --desc; --tag repeated means all of them)
  show <id>                  print the asset with its tags, generation details and workflow nodes as JSON
  tag <id> <tag>...          add tags to the asset (created when new); prints what changed
  untag <id> <tag>...        remove tags from the asset; prints what changed`

const COMMANDS = ['ls', 'show', 'tag', 'untag'] as const
type BrowseCommand = (typeof COMMANDS)[number]

/** True for `ls`, `show`, `tag` and `untag`. */
export function isBrowseCommand(command: string): command is BrowseCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one browse command on an open library; resolves to the exit status. */
export async function runBrowseCommand(
  backend: CliBackend,
  command: BrowseCommand,
  args: string[],
  values: BrowseValues,
  print: (value: unknown) => void,
): Promise<number> {
  const call: Call = (channel, input) => backend.call(channel, input)
  if (command === 'ls') {
    expectArgs(command, args, { min: 0, max: 0, needs: 'no arguments' })
    for await (const asset of listAll(call, values)) print(asset)
    return 0
  }
  if (command === 'show') {
    expectArgs(command, args, { min: 1, max: 1, needs: 'an id' })
    const asset = (await call('media:get', { id: args[0] })) as object
    print({ ...asset, ...((await call('generation:get', { id: args[0] })) as object) })
    return 0
  }
  expectArgs(command, args, { min: 2, max: Infinity, needs: 'an id and tags' })
  const [id, ...tags] = args
  print(await call(command === 'tag' ? 'media:tag' : 'media:untag', { ids: [id], tags }))
  return 0
}

type Call = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>

/** Every asset the options select, up to --limit, fetched in keyset pages. */
async function* listAll(call: Call, values: BrowseValues): AsyncGenerator<MediaAsset> {
  const wanted = values.limit === undefined ? Infinity : number(values.limit)
  if (!(wanted >= 1)) throw new AppError('validation', '--limit must be a positive number.')
  const request = listRequest(values)
  let cursor: string | null = null
  let printed = 0
  do {
    const limit = Math.min(MAX_PAGE, wanted - printed)
    const page = (await call('media:list', { ...request, limit, cursor })) as {
      items: MediaAsset[]
      nextCursor: string | null
    }
    for (const asset of page.items) yield asset
    printed += page.items.length
    cursor = page.nextCursor
  } while (cursor !== null && printed < wanted)
}

/** The `media:list` input the options ask for, of whole records; the contract validates the values. */
function listRequest(values: BrowseValues): Omit<ChannelInput<'media:list'>, 'limit' | 'cursor'> {
  const filter: Record<string, unknown> = {
    mediaType: values.type === undefined ? undefined : [values.type],
    minWidth: values['min-width'] === undefined ? undefined : number(values['min-width']),
    minDuration: values['min-duration'] === undefined ? undefined : number(values['min-duration']),
    maxDuration: values['max-duration'] === undefined ? undefined : number(values['max-duration']),
    tags: values.tag,
  }
  const sort =
    values.sort === undefined && !values.desc
      ? undefined
      : { by: values.sort ?? 'imported', dir: values.desc || values.sort === undefined ? 'desc' : 'asc' }
  // Whole records, as `media:get` has them: scripts read more than a card shows.
  return { query: values.query, filter: filter as MediaFilter, sort, view: 'full' } as Omit<
    ChannelInput<'media:list'>,
    'limit' | 'cursor'
  >
}

/** A number option; text that is not a number becomes NaN, which the contract refuses. */
function number(text: string): number {
  return text.trim() === '' ? NaN : Number(text)
}
