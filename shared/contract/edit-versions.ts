import { z } from 'zod'

/** The version a save was made from: a save from an older one is refused (`conflict`) instead of overwriting. */
export const BaseVersion = z.number().int().min(0).max(2_147_483_647)

/** One field's version and who changed it last, when; a field never edited is version 0, changed by no one. */
export const FieldVersion = z.object({
  version: z.number().int().nonnegative(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
})
export type FieldVersion = z.infer<typeof FieldVersion>

/** What a refused save's `conflict` error carries in its details: the field's current value and version. */
export const EditConflict = FieldVersion.extend({ field: z.string(), value: z.unknown() })
export type EditConflict = z.infer<typeof EditConflict>

/** The versions of an asset's editable fields, as `media:get` gives them. */
export const AssetFieldVersions = z.object({ name: FieldVersion, notes: FieldVersion, rating: FieldVersion })
export type AssetFieldVersions = z.infer<typeof AssetFieldVersions>

/** The versions of a workflow's name and description, as `workflows:get` gives them. */
export const WorkflowFieldVersions = z.object({ name: FieldVersion, description: FieldVersion })
export type WorkflowFieldVersions = z.infer<typeof WorkflowFieldVersions>
