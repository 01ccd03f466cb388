import { OutputLimitBytes } from '../../../shared/contract/comfy-runs'
import { AppError } from '../../../shared/errors'
import { checkServer } from '../../comfy/comfy-client'
import { OUTPUT_LIMIT_BYTES } from '../../comfy/fetch-output'
import { comfyBase } from '../../comfy/comfy-url'
import type { Uses } from '../library-context'
import { settingVersions, writeSetting } from '../edits/settings-write'
import type { Editing } from '../edits/versioned-write'

/**
 * The ComfyUI server this library runs workflows on, as kept (null until one is set), its output limit, and the
 * versions of both (issue 64).
 */
export async function comfyServer(lib: Uses<'editVersions' | 'meta'>): Promise<{
  address: string | null
  outputLimitBytes: number
  versions: { address: number; outputLimitBytes: number }
}> {
  const { repos } = lib.catalog
  const versions = await settingVersions(repos, ['comfy_server', 'comfy_output_limit_bytes'])
  return {
    address: (await repos.meta.get('comfy_server')) ?? null,
    outputLimitBytes: await comfyOutputLimit(lib),
    versions: { address: versions.comfy_server, outputLimitBytes: versions.comfy_output_limit_bytes },
  }
}

/** The largest output file a run downloads: as set in Settings, else OUTPUT_LIMIT_BYTES. */
export async function comfyOutputLimit(lib: Uses<'meta'>): Promise<number> {
  const kept = OutputLimitBytes.safeParse(Number(await lib.catalog.repos.meta.get('comfy_output_limit_bytes')))
  return kept.success ? kept.data : OUTPUT_LIMIT_BYTES
}

/**
 * Keeps the largest output file a run downloads; null goes back to the default. One changed since `baseVersion` is
 * refused (`conflict`, the stored bytes as text or null).
 */
export async function setComfyOutputLimit(
  lib: Editing,
  bytes: number | null,
  baseVersion?: number,
): Promise<{ outputLimitBytes: number; version: number }> {
  const version = await writeSetting(
    lib,
    'comfy_output_limit_bytes',
    bytes === null ? null : String(bytes),
    baseVersion,
  )
  return { outputLimitBytes: await comfyOutputLimit(lib), version }
}

/**
 * Keeps the address of the user's ComfyUI after checking it answers as ComfyUI (GET /system_stats); an
 * address that does not is refused in words and the one kept before stays. Null forgets it.
 */
export async function setComfyServer(
  lib: Editing,
  address: string | null,
  baseVersion?: number,
): Promise<{ address: string | null; version: string | null; settingVersion: number }> {
  if (address === null) {
    const settingVersion = await writeSetting(lib, 'comfy_server', null, baseVersion)
    return { address: null, version: null, settingVersion }
  }
  const base = comfyBase(address)
  const info = await checkServer(base.href)
  const settingVersion = await writeSetting(lib, 'comfy_server', base.href, baseVersion)
  return { address: base.href, version: info.version, settingVersion }
}

/** The kept address, or a validation error saying to set one in Settings. */
export async function requireComfyServer(lib: Uses<'editVersions' | 'meta'>): Promise<string> {
  const { address } = await comfyServer(lib)
  if (address === null) {
    throw new AppError(
      'validation',
      'No ComfyUI server is set: add its address in Settings (e.g. http://127.0.0.1:8188).',
    )
  }
  return address
}
