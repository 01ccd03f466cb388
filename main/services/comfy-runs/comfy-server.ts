import { OutputLimitBytes } from '../../../shared/contract/comfy-runs'
import { AppError } from '../../../shared/errors'
import { checkServer } from '../../comfy/comfy-client'
import { OUTPUT_LIMIT_BYTES } from '../../comfy/fetch-output'
import { comfyBase } from '../../comfy/comfy-url'
import type { Library } from '../../app/library-context'

/** The ComfyUI server this library runs workflows on, as kept (null until one is set), and its output limit. */
export async function comfyServer(
  lib: Pick<Library, 'catalog'>,
): Promise<{ address: string | null; outputLimitBytes: number }> {
  return {
    address: (await lib.catalog.repos.meta.get('comfy_server')) ?? null,
    outputLimitBytes: await comfyOutputLimit(lib),
  }
}

/** The largest output file a run downloads: as set in Settings, else OUTPUT_LIMIT_BYTES. */
export async function comfyOutputLimit(lib: Pick<Library, 'catalog'>): Promise<number> {
  const kept = OutputLimitBytes.safeParse(Number(await lib.catalog.repos.meta.get('comfy_output_limit_bytes')))
  return kept.success ? kept.data : OUTPUT_LIMIT_BYTES
}

/** Keeps the largest output file a run downloads; null goes back to the default. */
export async function setComfyOutputLimit(
  lib: Pick<Library, 'catalog'>,
  bytes: number | null,
): Promise<{ outputLimitBytes: number }> {
  const { meta } = lib.catalog.repos
  if (bytes === null) await meta.delete('comfy_output_limit_bytes')
  else await meta.set('comfy_output_limit_bytes', String(bytes))
  return { outputLimitBytes: await comfyOutputLimit(lib) }
}

/**
 * Keeps the address of the user's ComfyUI after checking it answers as ComfyUI (GET /system_stats); an
 * address that does not is refused in words and the one kept before stays. Null forgets it.
 */
export async function setComfyServer(
  lib: Pick<Library, 'catalog'>,
  address: string | null,
): Promise<{ address: string | null; version: string | null }> {
  if (address === null) {
    await lib.catalog.repos.meta.delete('comfy_server')
    return { address: null, version: null }
  }
  const base = comfyBase(address)
  const info = await checkServer(base.href)
  await lib.catalog.repos.meta.set('comfy_server', base.href)
  return { address: base.href, version: info.version }
}

/** The kept address, or a validation error saying to set one in Settings. */
export async function requireComfyServer(lib: Pick<Library, 'catalog'>): Promise<string> {
  const { address } = await comfyServer(lib)
  if (address === null) {
    throw new AppError(
      'validation',
      'No ComfyUI server is set: add its address in Settings (e.g. http://127.0.0.1:8188).',
    )
  }
  return address
}
