import { AppError } from '../../../shared/errors'
import { checkServer } from '../../comfy/comfy-client'
import { comfyBase } from '../../comfy/comfy-url'
import type { Library } from '../../library/library'

/** The ComfyUI server this library runs workflows on, as kept (null until one is set). Never calls it. */
export function comfyServer(lib: Pick<Library, 'repos'>): { address: string | null } {
  return { address: lib.repos.meta.get('comfy_server') ?? null }
}

/**
 * Keeps the address of the user's ComfyUI after checking it answers as ComfyUI (GET /system_stats); an
 * address that does not is refused in words and the one kept before stays. Null forgets it.
 */
export async function setComfyServer(
  lib: Pick<Library, 'repos'>,
  address: string | null,
): Promise<{ address: string | null; version: string | null }> {
  if (address === null) {
    lib.repos.meta.delete('comfy_server')
    return { address: null, version: null }
  }
  const base = comfyBase(address)
  const info = await checkServer(base.href)
  lib.repos.meta.set('comfy_server', base.href)
  return { address: base.href, version: info.version }
}

/** The kept address, or a validation error saying to set one in Settings. */
export function requireComfyServer(lib: Pick<Library, 'repos'>): string {
  const { address } = comfyServer(lib)
  if (address === null) {
    throw new AppError(
      'validation',
      'No ComfyUI server is set: add its address in Settings (e.g. http://127.0.0.1:8188).',
    )
  }
  return address
}
