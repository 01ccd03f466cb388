import type { z } from 'zod'
import { floatFields } from '../../../shared/contract/config-floats'
import { configHash, withFloats } from '../../hashing/canonical-json'

/** A config's cache keys: the hash Python's dataclass gives it, and the one rows written before issue 18 carry. */
export interface ConfigKeys {
  /** The config hashed with its schema's float fields as floats (`1.0`): what a plugin's dataclass hashes to. */
  configHash: string
  /** The hash of the same config with every whole number as an int (the rule before issue 18); equal when nothing differs. */
  legacyConfigHash: string
}

/** The cache keys of a config body (name, version and fields) whose fields `schema` describes. */
export function configKeys(body: Record<string, unknown>, schema: z.ZodType): ConfigKeys {
  return { configHash: configHash(withFloats(body, floatFields(schema))), legacyConfigHash: configHash(body) }
}
