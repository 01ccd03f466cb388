import type { z } from 'zod'
import { CHANNEL_ROLES, changesLibrary, mayCall, seesInternals, refusal } from '../shared/access'
import { AssetId, ExecutionId, WorkflowId, contract, isChannel, type Channel, type Contract } from '../shared/contract'
import { AppError, type Envelope } from '../shared/errors'
import { handlers } from './handlers/index'
import type { Caller, Handler, LinkVisitor } from './handlers/handler-types'
import type { Library } from './services/library-context'
import { findUnstorableText, type TextProblem } from './security/well-formed-input'
import { recordActivity, type Actor } from './services/people/activity'
import { activityBefore } from './services/people/activity-before'
import { anAdminName } from './services/people/people'
import { idReader } from './services/visibility/typed-inputs'
import { notesScrubber } from './services/visibility/internal-notes'
import { requireSeen } from './services/collections/collections'
import { keeperOf } from './services/people/ownership'
import { guestLabel } from './services/comments/comments'
import {
  linkVisibility,
  requireVisible,
  requireVisibleLinked,
  visibilityOf,
  type Visibility,
} from './services/visibility/visibility'

// Hostile nesting can make the path to a bad string very long; the first keys locate it well enough.
const MAX_REPORTED_PATH = 32

export type { Caller } from './handlers/handler-types'

/**
 * Runs one request through the contract: unknown channels, channels the caller's role does not reach (before their
 * input is looked at) and inputs that fail the zod schema never reach a handler; every failure comes back as a typed
 * error. A host with one user (the desktop app, the CLI, the web host) gives no caller: it may call every channel.
 */
export async function dispatch(
  lib: Library,
  channel: string,
  input: unknown,
  caller?: Caller,
): Promise<Envelope<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('not_found', `Unknown channel "${channel}".`)
    if (caller && !mayCall(caller.role, channel, caller.scope)) {
      const words = refusal(caller.role, channel, await anAdminName(lib), caller.scope)!
      throw new AppError('forbidden', words, { role: caller.role, needs: CHANNEL_ROLES[channel] })
    }
    await lib.opened
    // On a hub, each change is recorded in words with who made it (a push's calls as one entry, a guest's marked so),
    // and what it changed from is read before it is made.
    const actor = changesLibrary(channel) ? actorOf(caller) : undefined
    const readBefore = actor && ((parsed: unknown) => activityBefore(lib, channel, parsed).catch(() => undefined))
    const { data, parsed, before } = await run(await actingFor(lib, caller), channel, input, caller, readBefore)
    if (actor)
      await recordActivity(lib, actor, { channel, input: parsed, output: data, before, action: caller?.action })
    return { ok: true, data }
  } catch (error) {
    return { ok: false, error: toAppError(error).toShape() }
  }
}

/** The library as the caller acts on it (see actingAs), what they may see read now. */
export async function actingFor(lib: Library, caller: Caller | undefined): Promise<Library> {
  if (caller?.link) return actingAsGuest(lib, caller.link)
  const person = caller?.person && { id: caller.person.id, scope: caller.scope ?? 'all' }
  return actingAs(lib, caller, await visibilityOf(lib, person))
}

/**
 * The library as the caller acts on it: its `actor` (recorded as who imported, deleted, …) is the signed-in
 * person's name, the jobs it starts are asked for by them (a shared queue takes turns by person) and cancels are
 * theirs (a cancelled job says by whom), and what it reads is what they may see (`visibility`, and the notes only
 * where their role reads them). Everything else is the library's own, read through the prototype.
 */
function actingAs(lib: Library, caller: Caller | undefined, visibility: Visibility): Library {
  const readsNotes = caller === undefined || seesInternals(caller.role)
  if (!caller?.person)
    return readsNotes ? lib : (Object.create(lib, { readsNotes: { value: false, enumerable: true } }) as Library)
  const { name } = caller.person
  const jobs: Library['jobs'] = {
    ...lib.jobs,
    start: (kind, params, label) => lib.jobs.start(kind, params, { ...label, requestedBy: name }),
    cancel: (id) => lib.jobs.cancel(id, name),
  }
  return Object.create(lib, {
    actor: { value: name, enumerable: true },
    jobs: { value: jobs, enumerable: true },
    visibility: { value: visibility, enumerable: true },
    readsNotes: { value: readsNotes, enumerable: true },
  }) as Library
}

/** The library as a review link's visitor acts on it: under the name they typed, marked as a guest, seeing one collection. */
function actingAsGuest(lib: Library, link: LinkVisitor): Library {
  return Object.create(lib, {
    actor: { value: guestLabel(link.guestName ?? 'Guest'), enumerable: true },
    visibility: { value: linkVisibility(link.collectionId), enumerable: true },
    readsNotes: { value: false, enumerable: true },
  }) as Library
}

/** Who a change is recorded as: the signed-in person, or a review link's guest; nobody on a host of one user. */
function actorOf(caller: Caller | undefined): Actor | undefined {
  if (caller?.person) return caller.person
  if (caller?.link) return { id: null, name: guestLabel(caller.link.guestName ?? 'Guest'), linkId: caller.link.id }
  return undefined
}

/**
 * Runs a channel's handler on the input once it is valid and names only what the caller may see, after `readBefore`
 * (what the activity log reads before a change): its answer, the parsed input, and what `readBefore` read.
 */
async function run<C extends Channel>(
  lib: Library,
  channel: C,
  input: unknown,
  caller?: Caller,
  readBefore?: (parsed: unknown) => Promise<unknown>,
): Promise<{ data: unknown; parsed: unknown; before: unknown }> {
  const { input: inputSchema, output: outputSchema } = contract[channel] as Contract[C]
  rejectUnstorableText(channel, input)
  const parsed = inputSchema.safeParse(input)
  if (!parsed.success) {
    throw new AppError('validation', `Invalid input for ${channel}: ${summarise(parsed.error)}`, {
      issues: parsed.error.issues.map(({ path, message, code }) => ({ path, message, code })),
    })
  }
  // An asset the caller may not see is one that does not exist, whichever channel names it; so is a workflow of none
  // of the assets they see.
  await requireVisible(lib, idsIn(assetIds, channel, parsed.data))
  await requireVisibleLinked(lib, 'workflow', idsIn(workflowIds, channel, parsed.data))
  await requireVisibleLinked(lib, 'execution', idsIn(executionIds, channel, parsed.data))
  // So is another person's private collection that a filter names.
  await requireSeen(lib, keeperOf(caller), (parsed.data as { filter?: { collection?: number } }).filter?.collection)
  const before = await readBefore?.(parsed.data)
  const handler = handlers[channel] as Handler<C>
  const result = parseOutput(channel, outputSchema, await handler(parsed.data as never, lib, caller))
  if (!result.success) throw new AppError('internal', `The ${channel} handler returned data outside its contract.`)
  const data = lib.readsNotes ? result.data : withoutNotes(channel, result.data)
  return { data, parsed: parsed.data, before }
}

/** `make`'s answer for each channel, made at its first use and kept. */
function perChannel<T>(make: (channel: Channel) => T): (channel: Channel) => T {
  const made = new Map<Channel, T>()
  return (channel) => {
    if (!made.has(channel)) made.set(channel, make(channel))
    return made.get(channel)!
  }
}

// How to read the ids of one kind an input of each channel holds (by the fields its schema types so).
const assetIds = perChannel((channel) => idReader(contract[channel].input, AssetId))
const workflowIds = perChannel((channel) => idReader(contract[channel].input, WorkflowId))
const executionIds = perChannel((channel) => idReader(contract[channel].input, ExecutionId))
const notesScrubberOf = perChannel((channel) => notesScrubber(contract[channel].output))

/** The ids of one kind an input of `channel` holds. */
function idsIn(reader: (channel: Channel) => ReturnType<typeof idReader>, channel: Channel, input: unknown): string[] {
  return reader(channel)?.(input) ?? []
}

/** An answer of `channel` without the internal notes of the assets it holds (for who may not read them). */
function withoutNotes(channel: Channel, output: unknown): unknown {
  const scrub = notesScrubberOf(channel)
  return scrub ? scrub(output) : output
}

// Pages of these channels are checked by their envelope and first item: every item is built by one function
// (toAsset) from a row of one statement, so the first shows the shape of all, and a full parse (each item's
// metadata record walked key by key) cost 0.8 ms of a 2.4 ms media:list page of 200 at 1M assets, on every
// page the grid loads while scrolling. Inputs are always parsed in full.
const FIRST_ITEM_CHECKED: ReadonlySet<Channel> = new Set<Channel>(['media:list'])

function parseOutput(channel: Channel, schema: z.ZodType, output: unknown): z.ZodSafeParseResult<unknown> {
  const items = (output as { items?: unknown } | null)?.items
  if (!FIRST_ITEM_CHECKED.has(channel) || !Array.isArray(items)) return schema.safeParse(output)
  const result = schema.safeParse({ ...(output as object), items: items.slice(0, 1) })
  if (!result.success) return result
  const checked = result.data as { items: unknown[] }
  return { success: true, data: { ...checked, items: [...checked.items, ...items.slice(1)] } }
}

const TEXT_PROBLEMS: Record<TextProblem, string> = {
  ill_formed_unicode: 'Text must be well-formed Unicode (no lone surrogates).',
  nul_character: 'Text must not contain the NUL character (U+0000).',
}

// Before zod, for every channel at once: a lone surrogate or a NUL passes z.string(); the one would reach SQLite as
// invalid UTF-8, the other cannot be stored in PostgreSQL at all (a 500 instead of a refusal).
function rejectUnstorableText(channel: string, input: unknown): void {
  const found = findUnstorableText(input)
  if (!found) return
  const issue = { path: found.path.slice(0, MAX_REPORTED_PATH), message: TEXT_PROBLEMS[found.problem] }
  throw new AppError('validation', `Invalid input for ${channel}: ${summariseIssue(issue)}`, {
    issues: [{ ...issue, code: found.problem }],
  })
}

function summarise(error: z.ZodError): string {
  return error.issues.map(summariseIssue).join('; ')
}

function summariseIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  return (issue.path.length ? `${issue.path.map(String).join('.')}: ` : '') + issue.message
}

/** Maps anything thrown to an AppError: Node I/O errors to `io`, the unexpected to `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const errno = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) return new AppError('io', (error as Error).message)
  console.error(error)
  return new AppError('internal', 'Unexpected error; see the log of the Framevault process.')
}
