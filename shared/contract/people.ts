import { z } from 'zod'
import { Role, Scope } from '../access'
import { BaseVersion } from './edit-versions'
import { nameText } from './name-text'
import { AssetId } from './media'

/** A person's id, as channels take it. */
export const PersonId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/** A person's name: trimmed, 1–80 characters, no control characters; unique regardless of case. */
export const PersonName = nameText('A name', 80)

/** Someone who may use a team library, with how many of their API tokens still sign in. */
export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role,
  /** Every asset, or only those of the collections shared with them (issue 60 point 3). */
  scope: Scope,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  activeTokens: z.number().int().nonnegative(),
  /** The versions of the name and the role: a rename or a new role names its field's as `baseVersion` (issue 64). */
  nameVersion: z.number().int().nonnegative(),
  roleVersion: z.number().int().nonnegative(),
})
export type Person = z.infer<typeof Person>

/** Someone a collection may be shared with, as an editor may know them: who, by name, and their role; nothing else. */
export const NamedPerson = Person.pick({ id: true, name: true, role: true }).strict()
export type NamedPerson = z.infer<typeof NamedPerson>

/** One of a person's API tokens as listed: its label and dates, never the token. */
export const AccessToken = z.object({
  id: z.number().int(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type AccessToken = z.infer<typeof AccessToken>

/** One call that changed the library: who, when, which channel, and its input as JSON (cut when long). */
export const ActivityEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  personId: z.number().int().nullable(),
  person: z.string(),
  channel: z.string(),
  input: z.string(),
  /** Its kind (import, tag, rating, notes, rename, delete, collection, people, push, comment, review, other) and what the person did in words after their name ("tagged 3 assets hero"); null on entries recorded before words were. */
  kind: z.string().nullable(),
  words: z.string().nullable(),
  /** The review link a guest acted through (their name is marked "(guest)"); null for a person's act. */
  linkId: z.number().int().nullable(),
})
export type ActivityEntry = z.infer<typeof ActivityEntry>

/** An entry of an asset's history: who, when and what in words (what a viewer may read of the activity log). */
export const AssetHistoryEntry = ActivityEntry.pick({ id: true, at: true, person: true, kind: true, words: true })

/** The kinds of activity a filter offers. */
export const ACTIVITY_KINDS = [
  'import',
  'tag',
  'rating',
  'notes',
  'rename',
  'delete',
  'collection',
  'people',
  'push',
  'comment',
  'review',
  'other',
] as const

const ActivityTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/, 'Use an ISO 8601 time.')

const TokenLabel = nameText('A token label', 80)
// A new token is shown once, in the answer that made it; only its hash is kept.
const NewToken = z.string().startsWith('fvt_')
// The address that signs a new token's person in, at the hub's public address; null where no host serves the library.
const SignInAddress = z.string().nullable()

export const peopleChannels = {
  /**
   * Who this host signed in: null where a host has no people (the desktop app, the web host, the CLI); with the
   * name of an admin to ask for what their role does not allow.
   */
  'people:me': {
    input: z.object({}).strict(),
    output: z.object({
      person: z.object({ id: z.number().int(), name: z.string(), role: Role, scope: Scope }).nullable(),
      admin: z.string().nullable(),
    }),
  },
  /** Everyone who may use the library, by name. */
  'people:list': {
    input: z.object({}).strict(),
    output: z.object({ people: z.array(Person) }),
  },
  /** The people a collection may be shared with, by name (issue 60 point 3): for an editor's Share… as an admin's. */
  'people:names': {
    input: z.object({}).strict(),
    output: z.object({ people: z.array(NamedPerson) }),
  },
  /**
   * Adds a person with a role, a scope (their role's default unless given; only a viewer may be `shared`) and their
   * first token (shown once) and the address that signs them in; a name taken in any case is a conflict.
   */
  'people:add': {
    input: z.object({ name: PersonName, role: Role, scope: Scope.optional() }).strict(),
    output: z.object({ person: Person, token: NewToken, address: SignInAddress }),
  },
  /**
   * Gives a person another name; a name someone else has in any case is a conflict, and so is a name changed since
   * `baseVersion` (details: EditConflict).
   */
  'people:rename': {
    input: z.object({ id: PersonId, name: PersonName, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ person: Person }),
  },
  /** Gives a person another role; the last admin keeps theirs; a role changed since `baseVersion` is a conflict. */
  'people:set-role': {
    input: z.object({ id: PersonId, role: Role, baseVersion: BaseVersion.optional() }).strict(),
    output: z.object({ person: Person }),
  },
  /** Limits a viewer to the collections shared with them (`shared`), or lets a person see every asset again (`all`). */
  'people:set-scope': {
    input: z.object({ id: PersonId, scope: Scope }).strict(),
    output: z.object({ person: Person }),
  },
  /** Removes a person and their tokens; never the last admin. What they did stays recorded under their name. */
  'people:remove': {
    input: z.object({ id: PersonId }).strict(),
    output: z.object({ removed: Person }),
  },
  /** A person's tokens, newest first. */
  'people:tokens': {
    input: z.object({ id: PersonId }).strict(),
    output: z.object({ tokens: z.array(AccessToken) }),
  },
  /** Makes another token for a person (a new machine, a script), shown once, and the address that signs them in. */
  'people:issue-token': {
    input: z.object({ id: PersonId, label: TokenLabel }).strict(),
    output: z.object({ token: NewToken, address: SignInAddress }),
  },
  /** Stops one of a person's tokens from signing in; it stays listed as revoked. */
  'people:revoke-token': {
    input: z.object({ id: PersonId, tokenId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
    output: z.object({ tokens: z.array(AccessToken) }),
  },
  /**
   * What people and guests changed, newest first, a page at a time (`before`: the `next` of the page before); of one
   * person, asset, kind or span, or of guests alone, when given.
   */
  'people:activity': {
    input: z
      .object({
        before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        personId: PersonId.optional(),
        assetId: AssetId.optional(),
        kind: z.enum(ACTIVITY_KINDS).optional(),
        /** True: what guests of review links did alone; false: what people did alone. */
        guests: z.boolean().optional(),
        /** From this time on, and before `to` (ISO 8601). */
        from: ActivityTime.optional(),
        to: ActivityTime.optional(),
      })
      .strict(),
    output: z.object({ entries: z.array(ActivityEntry), next: z.number().int().nullable() }),
  },
  /** An asset's own history on a team library: who did what to it, in words, newest first, a page at a time. */
  'media:history': {
    input: z
      .object({
        id: AssetId,
        before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ entries: z.array(AssetHistoryEntry), next: z.number().int().nullable() }),
  },
} as const

/**
 * Why a window's access to a team library ended: the person removed, the token it signs in with revoked, or (not
 * recorded) simply ended.
 */
export const AccessEnded = z.object({
  /** The library's name, as its people know it. */
  library: z.string(),
  reason: z.enum(['removed', 'revoked', 'ended']),
  /** Who ended it (their name); null when not recorded. */
  by: z.string().nullable(),
  at: z.string().nullable(),
  /** True when what ended is a review link (issue 60 point 4), not a person's access. */
  link: z.boolean().optional(),
})
export type AccessEnded = z.infer<typeof AccessEnded>

export const peopleEvents = {
  /** This window's access ended: the last event its stream sends before it closes. */
  'access:ended': AccessEnded,
} as const
