import { Role, Scope } from '../../shared/access'
import type { ChannelOutput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CliBackend } from './cli-backend'
import { expectArgs } from './cli-args'

export const PEOPLE_USAGE = `  people                     one JSON line per person of a team library (id, name, role, activeTokens)
  people add <name> --role R add a person as viewer, commenter, editor or admin; prints them and
                             their first token (shown this once: hand it to them). --shared-only: a
                             viewer or commenter who sees only the collections shared with them
  people rename <id> <name>  give a person another name (one nobody else has, in any case)
  people role <id> <role>    give a person another role (the last admin keeps theirs)
  people scope <id> all|shared  what a viewer sees: every asset, or the shared collections' alone
  people rm <id>             remove a person and their tokens (the last admin stays)
  people tokens <id>         one JSON line per token of a person (labels and dates, never the token)
  people token <id> [--label L]  issue another token for a person (a new machine); printed once
  people revoke <id> <token-id>  stop one of a person's tokens from signing in
  people activity [<id>]     what people changed, newest first, one JSON line per call (of one person
                             with <id>); the 100 newest, or --limit N (at most 500)`

export const PEOPLE_OPTIONS = {
  role: { type: 'string' },
  'shared-only': { type: 'boolean' },
  label: { type: 'string' },
  limit: { type: 'string' },
} as const

/** Runs `people [verb] ...` (on a hub with an admin's token); resolves to the exit status. */
export async function runPeopleCommand(
  backend: CliBackend,
  args: string[],
  values: { role?: string; 'shared-only'?: boolean; label?: string; limit?: string },
  print: (value: unknown) => void,
): Promise<number> {
  const [verb, ...rest] = args
  const expect = (count: number, needs: string) =>
    expectArgs(`people ${verb}`, rest, { min: count, max: count, needs, usage: PEOPLE_USAGE })
  if (verb === undefined) {
    const { people } = (await backend.call('people:list', {})) as ChannelOutput<'people:list'>
    for (const person of people) print(person)
  } else if (verb === 'add') {
    expect(1, 'a name')
    const scope = values['shared-only'] ? { scope: 'shared' as const } : {}
    print(await backend.call('people:add', { name: rest[0]!, role: roleOf(values.role, '--role'), ...scope }))
  } else if (verb === 'rename') {
    expect(2, 'a person id and a name')
    print(await backend.call('people:rename', { id: idOf(rest[0]!), name: rest[1]! }))
  } else if (verb === 'role') {
    expect(2, 'a person id and a role')
    print(await backend.call('people:set-role', { id: idOf(rest[0]!), role: roleOf(rest[1], 'The role') }))
  } else if (verb === 'scope') {
    expect(2, 'a person id and all or shared')
    print(await backend.call('people:set-scope', { id: idOf(rest[0]!), scope: scopeOf(rest[1]!) }))
  } else if (verb === 'rm') {
    expect(1, 'a person id')
    print(await backend.call('people:remove', { id: idOf(rest[0]!) }))
  } else if (verb === 'tokens') {
    expect(1, 'a person id')
    const { tokens } = (await backend.call('people:tokens', { id: idOf(rest[0]!) })) as ChannelOutput<'people:tokens'>
    for (const token of tokens) print(token)
  } else if (verb === 'token') {
    expect(1, 'a person id')
    print(await backend.call('people:issue-token', { id: idOf(rest[0]!), label: values.label ?? 'issued by the CLI' }))
  } else if (verb === 'revoke') {
    expect(2, 'a person id and a token id')
    print(await backend.call('people:revoke-token', { id: idOf(rest[0]!), tokenId: idOf(rest[1]!) }))
  } else if (verb === 'activity') {
    expectArgs('people activity', rest, { min: 0, max: 1, needs: 'at most a person id', usage: PEOPLE_USAGE })
    const limit = values.limit === undefined ? 100 : idOf(values.limit)
    const input = { limit, ...(rest[0] !== undefined && { personId: idOf(rest[0]) }) }
    const { entries } = (await backend.call('people:activity', input)) as ChannelOutput<'people:activity'>
    for (const entry of entries) print(entry)
  } else {
    throw new AppError('validation', `Unknown people command "${verb}".\n\n${PEOPLE_USAGE}`)
  }
  return 0
}

function roleOf(text: string | undefined, what: string): Role {
  const parsed = Role.safeParse(text)
  if (!parsed.success) throw new AppError('validation', `${what} must be ${Role.options.join(', ')}.`)
  return parsed.data
}

function scopeOf(text: string): Scope {
  const parsed = Scope.safeParse(text)
  if (!parsed.success) throw new AppError('validation', 'The scope must be all or shared.')
  return parsed.data
}

function idOf(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new AppError('validation', `"${text}" is not an id (a whole number).`)
  return Number(text)
}
