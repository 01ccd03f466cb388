import { z } from 'zod'
import { AssetIds } from './browse'
import { CollectionId } from './collections'

// Ids travel comma-separated in a query or a form field: short ([A-Za-z0-9], as media URLs take them), no comma.
const idList = z
  .string()
  .max(700_000)
  .transform((text) => text.split(',').filter((id) => id !== ''))
  .pipe(
    AssetIds.element
      .regex(/^[A-Za-z0-9]+$/, 'An asset id is letters and digits.')
      .array()
      .min(1)
      .max(10_000),
  )

/**
 * What `GET /download` (its query) or `POST /download` (its form) names for a zip: assets by id (`ids=a,b,c`), or a
 * collection's assets (`collection=12`).
 */
export const DownloadQuery = z.union([
  z.object({ ids: idList }).strict(),
  z.object({ collection: z.coerce.number().pipe(CollectionId) }).strict(),
])
export type DownloadQuery = z.infer<typeof DownloadQuery>
