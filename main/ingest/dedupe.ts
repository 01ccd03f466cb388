import { createHash } from 'node:crypto'
import type { MediaRepo, SampledMatch } from '../db/repos/media'

/** The verdict on a hashed file: a duplicate of an asset, or new under a claimed id. */
export type DedupeVerdict = { kind: 'duplicate'; asset: SampledMatch } | { kind: 'new'; id: string; release(): void }

/**
 * Decides whether a file is already in the library and, if not, which id it gets.
 *
 * The sampled id only nominates candidates; the SHA-256 decides. A file whose sampled id is
 * taken by different content (a sampled-id collision) gets an id derived from its sampled
 * id and SHA-256 (`collisionId`), so it is distinct and the same on every import. Files in flight hold
 * claims, so two copies in one drop, or two colliding files, never race each other. The
 * claims live in this process only: between processes the database decides (see
 * import-file.ts, `storeNew`).
 */
export function createDedupe(media: MediaRepo) {
  const inFlight = new Map<string, Promise<void>>()
  const claimedIds = new Set<string>()

  const isTaken = async (id: string) => claimedIds.has(id) || (await media.ref(id)) !== undefined

  return {
    /** True when some asset already has this sampled id (so the file may be a duplicate). */
    isKnown: (sampledId: string): Promise<boolean> => media.hasSampledId(sampledId),
    /** True when some asset's row names this file (so it must stay). */
    pathInUse: async (filePath: string): Promise<boolean> => (await media.byPath(filePath)) !== undefined,
    /** Finds the asset with the same content, or claims a new id; call `release` once the file is settled. */
    async decide(sampledId: string, sha256: string): Promise<DedupeVerdict> {
      for (let pending = inFlight.get(sha256); pending; pending = inFlight.get(sha256)) await pending
      // By hash alone too: a row another tool wrote (the seed's add_video) has no sampled id.
      // The same statement tells whether the sampled id is held (by other content): the id's first check.
      const found = await media.contentMatch(sampledId, sha256)
      if (found.match) return { kind: 'duplicate', asset: found.match }
      let id = sampledId
      for (let held = found.idHeld || claimedIds.has(id); held; held = await isTaken(id)) id = collisionId(id, sha256)
      let settle = () => {}
      inFlight.set(sha256, new Promise<void>((resolve) => (settle = resolve)))
      claimedIds.add(id)
      const release = () => {
        inFlight.delete(sha256)
        claimedIds.delete(id)
        settle()
      }
      return { kind: 'new', id, release }
    },
  }
}
export type Dedupe = ReturnType<typeof createDedupe>

/** The id a file gets when `takenId` belongs to other content: 16 hex digits of SHA-256 over both. */
export function collisionId(takenId: string, sha256: string): string {
  return createHash('sha256').update(`${takenId}/${sha256}`).digest('hex').slice(0, 16)
}
