import { isDeepStrictEqual } from 'node:util'
import type { EditConflict } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Library } from '../library-context'
import type { CatalogRepos } from '../../db/catalog'
import type { FieldKey } from '../../db/repos/edit-versions'

/** A library to edit: its catalogue, and who edits (the caller's name on a hub; none in some tests and scripts). */
export type Editing = Pick<Library, 'catalog'> & Partial<Pick<Library, 'actor'>>

/** A save of one versioned field, as checked against the stored version. */
export interface VersionClaim<T> {
  key: FieldKey
  /** The version the save was made from; undefined writes whatever the current version (CLI, scripts). */
  base: number | undefined
  /** The value saved, as it will be stored. */
  value: T
  /** The field's stored value, or undefined when the record is gone. */
  read(repos: CatalogRepos): Promise<T | undefined>
  /** The error for a record that is gone. */
  missing(): AppError
}

/** One save of one versioned field, and how it is stored. */
export interface VersionedWrite<T> extends VersionClaim<T> {
  /** Stores the value; false when the record is gone. */
  write(repos: CatalogRepos): Promise<boolean>
}

/**
 * Inside the catalogue transaction that writes the value: counts the field's version on, its row then locked until
 * the transaction ends, so of two saves from one base exactly one passes. A stale save is refused with `conflict`
 * carrying the current value, its version, who changed it and when, unless it stores the value already there
 * (nothing would be lost: `write` false, the version as it is).
 */
export async function claimVersion<T>(
  repos: CatalogRepos,
  lib: Editing,
  save: VersionClaim<T>,
): Promise<{ version: number; write: boolean }> {
  const at = new Date().toISOString()
  const version = await repos.editVersions.bump(save.key, save.base ?? null, lib.actor ?? null, at)
  if (version !== undefined) return { version, write: true }
  const value = await save.read(repos)
  if (value === undefined) throw save.missing()
  const current = await repos.editVersions.of(save.key)
  if (isDeepStrictEqual(value, save.value)) return { version: current.version, write: false }
  throw refusal(save.key, value, current)
}

/** Saves one field unless it changed since the save's base version (`claimVersion`); its version after the save. */
export function writeVersioned<T>(lib: Editing, save: VersionedWrite<T>): Promise<number> {
  return lib.catalog.transaction(async (repos) => {
    const claim = await claimVersion(repos, lib, save)
    if (claim.write && !(await save.write(repos))) throw save.missing()
    return claim.version
  })
}

function refusal(key: FieldKey, value: unknown, current: Omit<EditConflict, 'field' | 'value'>): AppError {
  const details: EditConflict = { field: key.field, value, ...current }
  const who = current.changedBy ?? 'Someone'
  return new AppError('conflict', `${who} changed the ${key.field} after this edit began.`, details)
}
