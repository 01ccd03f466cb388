import { writeFileSync } from 'node:fs'
import type { ComfyGraphOptions } from '../fixtures/comfy-documents'
import { api, ui } from '../fixtures/generation-fixtures'
import { makePng, tEXt } from '../fixtures/metadata-writers'

/** Writes a 64×64 SaveImage PNG carrying the API prompt and the UI workflow (id `id`) of `options`, as ComfyUI writes them. */
export function writeComfyPng(file: string, options: ComfyGraphOptions, id: string): string {
  writeFileSync(
    file,
    makePng({ width: 64, height: 64, before: [tEXt('prompt', api(options)), tEXt('workflow', ui(options, id))] }),
  )
  return file
}
