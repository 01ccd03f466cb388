import type { EventMessage } from '../../shared/contract'
import type { NewAsset } from '../../main/db/repos/media'
import type { Library, LocalLibrary } from '../../main/services/library-context'
import { randomSequence } from '../bench/synthetic-assets'
import { testLibrary } from './library'

const CODECS = ['h264', 'hevc', 'vp9', 'prores', null] as const
const CONTAINERS = ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'png_pipe', null] as const
const SIZES = ['1920x1080', '1080x1920', '1024x1024', '640x480', '3840x2160', null] as const
const SOURCES = ['uploaded', 'generated', 'processed'] as const
const NAMES = ['Café au lait', 'shot', 'Ölberg', 'beach', 'naïve take', 'Zebra', 'alpha'] as const

/** One synthetic asset row, varied in every searchable and sortable column (ties included). */
export function syntheticAsset(index: number, random: () => number): NewAsset {
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!
  const image = random() < 0.25
  const resolution = pick(SIZES)
  const container = pick(CONTAINERS)
  const audio = !image && random() < 0.6
  // Few distinct values on purpose: sorts must break the ties by id.
  const importedAt = new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 20))).toISOString()
  const name = `${pick(NAMES)} shot-${index % 40}.${image ? 'png' : 'mp4'}`
  return {
    id: `A${String(index).padStart(5, '0')}`,
    name,
    filePath: `/library/media/${index}.${image ? 'png' : 'mp4'}`,
    fileHash: `sha256:${index}`,
    sizeBytes: 1000 * Math.floor(random() * 50),
    durationSeconds: image ? null : Math.floor(random() * 12) * 5,
    resolution,
    aspectRatio: null,
    codec: image ? 'png' : pick(CODECS),
    fps: image ? null : 25,
    sourceType: pick(SOURCES),
    createdAt: importedAt,
    metadata: { container, audioCodec: audio ? 'aac' : null },
    mediaType: image ? 'image' : 'video',
    importedBy: 'tester',
    originalPath: `/home/tester/Footage/${pick(['Paris', 'Zürich', 'Kyoto'])}/${name}`,
    importedAt,
    sampledId: `${index}`.padStart(16, '0'),
    storage: 'copy',
    objectKey: null,
  }
}

/** Inserts `count` synthetic assets through the media repo in one transaction; returns them. */
export async function seedAssets(lib: Library, count: number, seed = 8): Promise<NewAsset[]> {
  const random = randomSequence(seed)
  const assets = Array.from({ length: count }, (_, index) => syntheticAsset(index, random))
  await lib.catalog.transaction(async ({ media }) => {
    for (const [index, asset] of assets.entries()) {
      await media.insert(asset)
      // Some processed and failed rows, for the status filter.
      if (index % 9 === 4) await media.setStatus(asset.id, 3, null)
      if (index % 11 === 5) await media.setStatus(asset.id, 6, 'broken')
    }
  })
  return assets
}

/** A test library seeded with `count` synthetic assets, their ids, and the events it sends from now on. */
export async function seededLibrary(
  count: number,
): Promise<{ lib: LocalLibrary; ids: string[]; events: EventMessage[] }> {
  const lib = testLibrary()
  const ids = (await seedAssets(lib, count)).map((asset) => asset.id)
  // The seed's own change goes out now, before the listener: it hears only what the test does.
  lib.changes.flush()
  const events: EventMessage[] = []
  lib.events.subscribe((event) => events.push(event))
  return { lib, ids, events }
}
