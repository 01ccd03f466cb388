import type { ChannelOutput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'
import { findCollection } from './catalog-commands'

export const LINK_USAGE = `  link create --collection NAME [--expires 7d] [--password P] [--downloads]
                             make a review link to one collection for people without an account
                             (expiry in m, h, d or w; downloads off unless asked); prints its
                             address, shown this once
  links                      one JSON line per review link, newest first (never its secret)
  link revoke <id>           revoke a review link at once: its open pages stop`

export const LINK_OPTIONS = {
  collection: { type: 'string' },
  expires: { type: 'string' },
  password: { type: 'string' },
  downloads: { type: 'boolean' },
} as const

const COMMANDS = ['link', 'links'] as const
type LinkCommand = (typeof COMMANDS)[number]
const SECONDS_PER: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 7 * 86400 }

/** True for `link` and `links`. */
export function isLinkCommand(command: string): command is LinkCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs `link create|revoke` or `links` (issue 60 point 7) on a library or a hub; resolves to the exit status. */
export async function runLinkCommand(
  backend: CliBackend,
  command: LinkCommand,
  args: string[],
  values: { collection?: string; expires?: string; password?: string; downloads?: boolean },
  print: (value: unknown) => void,
  printLine: (line: string) => void,
): Promise<number> {
  if (command === 'links') {
    expectArgs(command, args, { min: 0, max: 0, needs: 'no arguments', usage: LINK_USAGE })
    const { links } = (await backend.call('links:list', {})) as ChannelOutput<'links:list'>
    links.forEach(print)
    return 0
  }
  const [verb, ...rest] = args
  if (verb === 'revoke') {
    expectArgs('link revoke', rest, { min: 1, max: 1, needs: "a link's id", usage: LINK_USAGE })
    if (!/^[1-9]\d{0,15}$/.test(rest[0]!))
      throw new AppError('validation', `A link's id is a number, not "${rest[0]}".`)
    print((await backend.call('links:revoke', { id: Number(rest[0]) })) as ChannelOutput<'links:revoke'>)
    return 0
  }
  if (verb !== 'create') throw new AppError('validation', `Unknown link command "${verb ?? ''}".\n\n${LINK_USAGE}`)
  expectArgs('link create', rest, { min: 0, max: 0, needs: 'no arguments', usage: LINK_USAGE })
  if (values.collection === undefined)
    throw new AppError('validation', `--collection NAME is required.\n\n${LINK_USAGE}`)
  const collection = await findCollection(backend, values.collection)
  if (!collection) throw new AppError('not_found', `No collection named "${values.collection}".`)
  const { address } = (await backend.call('links:create', {
    collectionId: collection.id,
    downloads: values.downloads === true,
    ...(values.expires !== undefined && { expiresInSeconds: expirySeconds(values.expires) }),
    ...(values.password !== undefined && { password: values.password }),
  })) as ChannelOutput<'links:create'>
  printLine(address)
  return 0
}

/** `--expires` (`30m`, `12h`, `7d`, `2w`) in seconds. */
function expirySeconds(given: string): number {
  const match = /^([1-9]\d{0,5})([mhdw])$/.exec(given.trim())
  if (!match) throw new AppError('validation', `--expires takes a count and m, h, d or w (7d), not "${given}".`)
  return Number(match[1]) * SECONDS_PER[match[2]!]!
}
