import path from 'node:path'
import type { Library } from './library'

/** Where an asset's file is: a copied asset's recorded path is relative to the library folder. */
export function assetFile(lib: Library, recorded: string): string {
  return path.resolve(lib.dir, recorded)
}
