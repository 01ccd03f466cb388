import { z } from 'zod'
import { jobOf } from './job-parts'

const Count = z.number().int().nonnegative()
const ImportJobId = z.object({ importJobId: z.uuid() })

/** Thumbnails of the assets an import brought in (made after it ends): how many were made and how many failed. */
export const ThumbnailsJob = jobOf('thumbnails', ImportJobId, z.object({ made: Count, failed: Count }))
export type ThumbnailsJob = z.infer<typeof ThumbnailsJob>

/** An import's videos stacked with their VideoHelperSuite PNGs (after it ends): how many PNGs were stacked. */
export const SidecarPairingJob = jobOf('sidecar-pairing', ImportJobId, z.object({ paired: Count }))
export type SidecarPairingJob = z.infer<typeof SidecarPairingJob>

/**
 * The assets that have near-duplicates, brought up to date for the library's filter: how many there are now (null
 * when the set was up to date already).
 */
export const NearDuplicateSetJob = jobOf('near-duplicate-set', z.object({}), z.object({ assets: Count.nullable() }))
export type NearDuplicateSetJob = z.infer<typeof NearDuplicateSetJob>
