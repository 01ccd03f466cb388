import type { ChannelOutput, Collection } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { reviewProgressWords } from '../../shared/review-words'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'
import { SHARE_USAGE, runShareCommand } from './share-commands'

export const CATALOG_USAGE = `  collections                one JSON line per collection (id, name, createdAt, count, its review
                             counts and reviewProgress: "12 of 30 approved, 3 need changes")
${SHARE_USAGE}
  collect <name> <id>...     add assets to the collection named <name> (any case), created when new;
                             prints the collection and the ids it gained
  stats                      print the library's stats (counts and bytes by type, source, codec,
                             resolution, duration; imports per day; health) as one JSON line`

const COMMANDS = ['collections', 'collect', 'stats'] as const
type CatalogCommand = (typeof COMMANDS)[number]

/** True for `collections`, `collect` and `stats`. */
export function isCatalogCommand(command: string): command is CatalogCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one catalog command on an open library; resolves to the exit status. */
export async function runCatalogCommand(
  backend: CliBackend,
  command: CatalogCommand,
  args: string[],
  values: { with?: string },
  print: (value: unknown) => void,
): Promise<number> {
  if (command === 'collections' && args.length > 0) {
    return runShareCommand(backend, args, values, (name) => findCollection(backend, name), print)
  }
  if (command === 'stats' || command === 'collections') {
    expectArgs(command, args, { min: 0, max: 0, needs: 'no arguments' })
    if (command === 'stats') print(await backend.call('library:stats', {}))
    else for (const collection of await listCollections(backend)) print(withReviewWords(collection))
    return 0
  }
  expectArgs(command, args, { min: 2, max: Infinity, needs: 'a collection name and asset ids' })
  const [name, ...ids] = args as [string, ...string[]]
  const { collection, created } = await collectionNamed(backend, name)
  const result = (await backend.call('collections:add', { collectionId: collection.id, ids })) as {
    ids: string[]
    added: number
  }
  const after = (await listCollections(backend)).find((c) => c.id === collection.id) ?? collection
  print({ collection: after, created, ...result })
  return 0
}

async function listCollections(backend: CliBackend): Promise<Collection[]> {
  return ((await backend.call('collections:list', {})) as ChannelOutput<'collections:list'>).collections
}

/** The collection called `name` in any case; undefined when there is none. */
export async function findCollection(backend: CliBackend, name: string): Promise<Collection | undefined> {
  // SQLite's NOCASE, which makes names unique, folds ASCII letters only; so does this look-up.
  const fold = (text: string) => text.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase())
  return (await listCollections(backend)).find((c) => fold(c.name) === fold(name))
}

/** The collection called `name` in any case, created when there is none. */
async function collectionNamed(
  backend: CliBackend,
  name: string,
): Promise<{ collection: Collection; created: boolean }> {
  const find = () => findCollection(backend, name)
  const existing = await find()
  if (existing) return { collection: existing, created: false }
  try {
    const made = (await backend.call('collections:create', { name })) as ChannelOutput<'collections:create'>
    return { collection: made.collection, created: true }
  } catch (error) {
    // Another process made it between the look-up and the create: use theirs.
    const theirs = error instanceof AppError && error.code === 'conflict' ? await find() : undefined
    if (!theirs) throw error
    return { collection: theirs, created: false }
  }
}

/** A collection as `collections` prints it: its review progress in words beside its counts. */
function withReviewWords(collection: Collection): Collection & { reviewProgress?: string } {
  return collection.review ? { ...collection, reviewProgress: reviewProgressWords(collection.review) } : collection
}
