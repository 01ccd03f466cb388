import { Role } from '../../shared/access'
import type { Collection, ShareTarget } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'

export const SHARE_USAGE = `  collections share <name> --with PERSON-ID|ROLE
                             share a collection with a person (by id, see \`people\`) or a role: a
                             viewer limited to shared collections sees its assets; prints its shares
  collections unshare <name> --with PERSON-ID|ROLE
                             stop sharing it with them; prints the shares left`

export const SHARE_OPTIONS = {
  with: { type: 'string' },
} as const

/** Runs `collections share|unshare NAME --with PERSON-ID|ROLE`; resolves to the exit status. */
export async function runShareCommand(
  backend: CliBackend,
  args: string[],
  values: { with?: string },
  findCollection: (name: string) => Promise<Collection | undefined>,
  print: (value: unknown) => void,
): Promise<number> {
  const [verb, ...rest] = args
  if (verb !== 'share' && verb !== 'unshare') {
    throw new AppError('validation', `Unknown collections command "${verb}".\n\n${SHARE_USAGE}`)
  }
  expectArgs(`collections ${verb}`, rest, { min: 1, max: 1, needs: 'a collection name', usage: SHARE_USAGE })
  const target = shareTarget(values.with)
  const collection = await findCollection(rest[0]!)
  if (!collection) throw new AppError('not_found', `No collection named "${rest[0]}".`)
  const { shares } = (await backend.call(`collections:${verb}`, { collectionId: collection.id, with: target })) as {
    shares: unknown[]
  }
  print({ collection: { id: collection.id, name: collection.name }, shares })
  return 0
}

/** `--with` as a share's target: a whole number is a person's id, a role's name a role. */
function shareTarget(given: string | undefined): ShareTarget {
  if (given === undefined) throw new AppError('validation', `--with PERSON-ID|ROLE is required.\n\n${SHARE_USAGE}`)
  if (/^[1-9]\d{0,15}$/.test(given)) return { personId: Number(given) }
  const role = Role.safeParse(given)
  if (!role.success) {
    throw new AppError(
      'validation',
      `--with takes a person's id or a role (${Role.options.join(', ')}), not "${given}".`,
    )
  }
  return { role: role.data }
}
