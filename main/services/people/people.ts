import { createHash, randomBytes } from 'node:crypto'
import { mayBeLimited, scopeOf, type Role, type Scope } from '../../../shared/access'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { AccessEndRow, PersonRow, TokenHolder, TokenRow } from '../../db/repos/people'
import { UniqueViolation } from '../../db/sql/sql-engine'
import { claimVersion, type Editing } from '../edits/versioned-write'
import { scopeToAdd } from './scope'

type Lib = Pick<Library, 'catalog'>
// Who does it: the signed-in person's name on a hub (the library's actor), recorded with a removal or a revoke.
type ActingLib = Pick<Library, 'catalog' | 'actor'>

// Two admins taking each other's role at once must not leave none: the admin count is read as if alone.
const ADMIN_KEPT = { serializable: true }
// A token names itself ("fvt_"), so one pasted into the wrong place is recognisable; 32 random bytes follow.
const TOKEN_PREFIX = 'fvt_'
// A token's last use is written at most this often: a request per second must not be a write per second.
const USE_RECORDED_EVERY_MS = 60_000

/** Someone a token signed in: who they are and what they may do. */
export interface SignedIn {
  personId: number
  name: string
  role: Role
  /** What they see: every asset, or only those of collections shared with them. */
  scope: Scope
}

/** Everyone who may use the library, by name. */
export async function listPeople(lib: Lib): Promise<PersonRow[]> {
  return lib.catalog.repos.people.list()
}

/**
 * Adds a person with a role (and a scope: their role's default unless given) and their first API token, which is shown
 * here once and never again (only its hash is kept). A name taken in any case is a conflict.
 */
export async function addPerson(
  lib: Lib,
  { name, role, scope }: { name: string; role: Role; scope?: Scope },
  by: string | null,
  tokenLabel = 'first token',
): Promise<{ person: PersonRow; token: string }> {
  const person = { name, role, scope: scopeToAdd(role, scope) }
  return nameKept(name, () =>
    lib.catalog.transaction(async (repos) => {
      if (await repos.people.byName(name)) throw nameTaken(name)
      const id = await repos.people.insert({ ...person, createdAt: now(), createdBy: by })
      const token = await newToken(repos, id, tokenLabel)
      return { person: (await repos.people.get(id))!, token }
    }),
  )
}

/** Gives a person another name; a name someone else has in any case is a conflict (a new case of one's own is not). */
export async function renamePerson(
  lib: Editing,
  personId: number,
  name: string,
  baseVersion?: number,
): Promise<{ person: PersonRow }> {
  return nameKept(name, () =>
    lib.catalog.transaction(async (repos) => {
      await requirePerson(repos, personId)
      const holder = await repos.people.byName(name)
      if (holder && holder.id !== personId) throw nameTaken(name)
      const claim = await claimVersion(repos, lib, personField(personId, 'name', name, baseVersion))
      if (claim.write) await repos.people.rename(personId, name)
      return { person: (await repos.people.get(personId))! }
    }),
  )
}

/** A save of a person's name or role from `base` (undefined: whatever the current version), as claimVersion checks. */
function personField<F extends 'name' | 'role'>(personId: number, field: F, value: PersonRow[F], base?: number) {
  return {
    key: { kind: 'person' as const, id: String(personId), field },
    base,
    value,
    read: async (repos: Pick<CatalogRepos, 'people'>) => (await repos.people.get(personId))?.[field],
    missing: () => notFound(personId),
  }
}

/** The name of someone who can change roles (the first admin by name), for a refusal to say whom to ask. */
export async function anAdminName(lib: Lib): Promise<string | null> {
  return (await lib.catalog.repos.people.list()).find((person) => person.role === 'admin')?.name ?? null
}

/** Makes another API token for a person (a new machine, a script); shown here once. */
export async function issueToken(lib: Lib, personId: number, label: string): Promise<{ token: string }> {
  return lib.catalog.transaction(async (repos) => {
    await requirePerson(repos, personId)
    return { token: await newToken(repos, personId, label) }
  })
}

/** The address that signs a token's person in, at the library's public address; null where no host serves it. */
export function signInAddress(lib: Pick<Library, 'publicAddress'>, token: string): string | null {
  return lib.publicAddress ? `${lib.publicAddress()}/?token=${token}` : null
}

/** Stops one of a person's tokens from signing in; it stays listed, revoked. */
export async function revokeToken(lib: ActingLib, personId: number, tokenId: number): Promise<{ tokens: TokenRow[] }> {
  return lib.catalog.transaction(async (repos) => {
    await requirePerson(repos, personId)
    const at = now()
    await repos.people.recordAccessEnd({ personId, tokenId, reason: 'revoked', by: lib.actor, at })
    if (!(await repos.people.revokeToken(personId, tokenId, at))) {
      throw new AppError('not_found', `Person ${personId} has no token ${tokenId} that still signs in.`)
    }
    return { tokens: await repos.people.tokens(personId) }
  })
}

/** A person's tokens, newest first (never the tokens themselves). */
export async function tokensOf(lib: Lib, personId: number): Promise<TokenRow[]> {
  await requirePerson(lib.catalog.repos, personId)
  return lib.catalog.repos.people.tokens(personId)
}

/**
 * Gives a person another role; the last admin keeps theirs, so that someone can always manage the library. An editor
 * or admin sees every asset: their scope becomes `all`.
 */
export async function setRole(
  lib: Editing,
  personId: number,
  role: Role,
  baseVersion?: number,
): Promise<{ person: PersonRow }> {
  return lib.catalog.transaction(async (repos) => {
    const person = await requirePerson(repos, personId)
    const claim = await claimVersion(repos, lib, personField(personId, 'role', role, baseVersion))
    if (!claim.write) return { person }
    if (person.role === 'admin' && role !== 'admin') await keepAnAdmin(repos, person)
    await repos.people.setRole(personId, role)
    if (!mayBeLimited(role)) await repos.people.setScope(personId, 'all')
    return { person: (await repos.people.get(personId))! }
  }, ADMIN_KEPT)
}

/** Removes a person and their tokens; never the last admin. Their tokens remember who removed them, and when. */
export async function removePerson(lib: ActingLib, personId: number): Promise<{ removed: PersonRow }> {
  return lib.catalog.transaction(async (repos) => {
    const person = await requirePerson(repos, personId)
    if (person.role === 'admin') await keepAnAdmin(repos, person)
    await repos.people.recordAccessEnd({ personId, reason: 'removed', by: lib.actor, at: now() })
    await repos.people.delete(personId)
    await repos.editVersions.forget('person', String(personId))
    return { removed: person }
  }, ADMIN_KEPT)
}

// The label of the token a hub prints as it starts: one per start, the previous start's revoked.
const START_TOKEN_LABEL = 'printed at hub start'

/**
 * The token a hub prints as it starts, for its first admin (made on the first start, named by `firstAdminName`,
 * asked only then); the token the previous start printed stops signing in, so a terminal's scrollback is worth one
 * run at most. The browsers it signed in keep tokens of their own (browserToken), which outlive it.
 */
export async function startToken(
  lib: Lib,
  firstAdminName: () => Promise<string> | string = () => 'admin',
): Promise<{ admin: PersonRow; token: string; created: boolean }> {
  const admin = (await lib.catalog.repos.people.list())
    .filter((person) => person.role === 'admin')
    .sort((a, b) => a.id - b.id)[0]
  if (!admin) {
    const name = await firstAdminName()
    const made = await addPerson(lib, { name, role: 'admin' }, 'hub', START_TOKEN_LABEL)
    return { admin: made.person, token: made.token, created: true }
  }
  return lib.catalog.transaction(async (repos) => {
    const at = now()
    for (const old of await repos.people.tokens(admin.id)) {
      if (old.label === START_TOKEN_LABEL && old.revokedAt === null)
        await repos.people.revokeToken(admin.id, old.id, at)
    }
    const token = await newToken(repos, admin.id, START_TOKEN_LABEL)
    return { admin: (await repos.people.get(admin.id))!, token, created: false }
  })
}

/** Who `token` signs in, or null for a token that is unknown, malformed or revoked. Records when it was last used. */
export async function signIn(lib: Lib, token: string): Promise<SignedIn | null> {
  const holder = await holderOf(lib, token)
  if (!holder) return null
  const at = new Date()
  if (holder.lastUsedAt === null || at.getTime() - Date.parse(holder.lastUsedAt) >= USE_RECORDED_EVERY_MS) {
    await lib.catalog.repos.people.touchToken(holder.tokenId, at.toISOString())
  }
  return { personId: holder.personId, name: holder.name, role: holder.role, scope: scopeOf(holder.role, holder.scope) }
}

/** Why `token` no longer signs anyone in (its person removed, or it revoked: by whom, when); null when it never did. */
export async function accessEnded(lib: Lib, token: string): Promise<AccessEndRow | null> {
  const hash = tokenHash(token)
  return hash === null ? null : ((await lib.catalog.repos.people.accessEnd(hash)) ?? null)
}

// A browser's own token, made as it signs in by an address, is labelled with the day: "browser 2026-11-27".
const BROWSER_LABEL = /^browser \d{4}-\d{2}-\d{2}$/

/**
 * The token a browser that signed in with `token` keeps in its cookie: a lasting one of its own for the same person,
 * so the address's token (the one a hub prints at each start, or one an admin handed over) can be revoked or end
 * with the run without signing the browser out, and signing out ends this browser's alone. Null for a token that
 * signs no one in.
 */
export async function browserToken(lib: Lib, token: string): Promise<string | null> {
  const holder = await holderOf(lib, token)
  if (!holder) return null
  if (BROWSER_LABEL.test(holder.label)) return token
  const label = `browser ${now().slice(0, 10)}`
  return lib.catalog.transaction((repos) => newToken(repos, holder.personId, label))
}

/** Signs a browser out: its own token (see browserToken) stops signing in; a token handed over is left alone. */
export async function signOutBrowser(lib: Lib, token: string): Promise<void> {
  const holder = await holderOf(lib, token)
  if (holder && BROWSER_LABEL.test(holder.label)) {
    await lib.catalog.repos.people.revokeToken(holder.personId, holder.tokenId, now())
  }
}

async function holderOf(lib: Lib, token: string): Promise<TokenHolder | undefined> {
  const hash = tokenHash(token)
  return hash === null ? undefined : lib.catalog.repos.people.holderOf(hash)
}

/** The stored hash of a token of ours; null for anything else (never looked up). */
function tokenHash(token: string): string | null {
  return token.startsWith(TOKEN_PREFIX) ? hashOf(token) : null
}

async function newToken(repos: Pick<CatalogRepos, 'people'>, personId: number, label: string): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  await repos.people.insertToken({ personId, hash: hashOf(token), label, createdAt: now() })
  return token
}

/** Runs a write of a person's name: a unique-key refusal (two writers at once) reads as the name being taken. */
async function nameKept<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    throw error instanceof UniqueViolation ? nameTaken(name) : error
  }
}

function nameTaken(name: string): AppError {
  return new AppError('conflict', `Someone named "${name}" is here already.`)
}

async function requirePerson(repos: Pick<CatalogRepos, 'people'>, personId: number): Promise<PersonRow> {
  const person = await repos.people.get(personId)
  if (!person) throw notFound(personId)
  return person
}

function notFound(personId: number): AppError {
  return new AppError('not_found', `No person with id ${personId}.`)
}

async function keepAnAdmin(repos: Pick<CatalogRepos, 'people'>, person: PersonRow): Promise<void> {
  if ((await repos.people.adminCount()) <= 1) {
    throw new AppError('conflict', `${person.name} is the last admin: make someone else an admin first.`)
  }
}

/** A token's SHA-256, as stored: a token is 256 random bits, so no slow hash is needed against guessing. */
function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function now(): string {
  return new Date().toISOString()
}
