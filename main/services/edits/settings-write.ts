import { AppError } from '../../../shared/errors'
import type { CatalogRepos } from '../../db/catalog'
import type { LibraryMetaKey } from '../../db/repos/library-meta'
import { writeVersioned, type Editing } from './versioned-write'

/** The settings people edit in forms (the library's name, its ComfyUI server and output limit), by their meta key. */
export type EditedSetting = Extract<LibraryMetaKey, 'name' | 'comfy_server' | 'comfy_output_limit_bytes'>

/**
 * Keeps one setting (null forgets it) unless it changed since `base` (issue 64): a stale save is refused with
 * `conflict` carrying the setting as stored (text, or null). Without `base` it is written whatever its version.
 * Returns the setting's version after the save.
 */
export function writeSetting(lib: Editing, key: EditedSetting, value: string | null, base?: number): Promise<number> {
  return writeVersioned(lib, {
    key: { kind: 'setting', id: key, field: 'value' },
    base,
    value,
    read: async (repos) => (await repos.meta.get(key)) ?? null,
    // A setting is never gone: an absent one reads as null.
    missing: () => new AppError('internal', `The setting ${key} cannot be missing.`),
    write: async (repos) => {
      if (value === null) await repos.meta.delete(key)
      else await repos.meta.set(key, value)
      return true
    },
  })
}

/** The versions of the named settings, by key (0 for one never saved through a form). */
export async function settingVersions<K extends EditedSetting>(
  repos: Pick<CatalogRepos, 'editVersions'>,
  keys: readonly K[],
): Promise<Record<K, number>> {
  const versions = await Promise.all(
    keys.map(async (key) => [key, (await repos.editVersions.of({ kind: 'setting', id: key, field: 'value' })).version]),
  )
  return Object.fromEntries(versions) as Record<K, number>
}
