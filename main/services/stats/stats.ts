import { codecDisplayName } from '../../../shared/codec-names'
import {
  DURATION_BUCKETS,
  IMPORT_DAYS,
  NO_DURATION,
  NO_PICTURE,
  RESOLUTION_CLASSES,
  UNKNOWN_CLASS,
  type LibraryStats,
  type MediaType,
  type StatsBucket,
} from '../../../shared/contract'
import type { StatsGroup } from '../../db/repos/stats'
import type { Uses } from '../library-context'

const DAY_MS = 86_400_000
const READ_ONLY = { readOnly: true }
const MEDIA_TYPE_LABELS: Record<string, string> = { video: 'Videos', image: 'Images', audio: 'Audio' }

/** The library's figures from the database: groupings that each sum to the total, imports per day, health. */
export async function libraryStats(lib: Uses<'importItems' | 'stats'>, now: Date = new Date()): Promise<LibraryStats> {
  const days = lastDays(now, IMPORT_DAYS)
  const to = new Date(Date.parse(days.at(-1)!) + DAY_MS).toISOString().slice(0, 10)
  // One snapshot: an import between the reads cannot make the figures disagree (and takes no lock from it).
  const { groups, durations, importDays, health } = await lib.catalog.transaction(
    async ({ stats }) => ({
      groups: await stats.groups(),
      durations: await stats.durations(),
      importDays: await stats.importDays(days[0]!, to),
      health: await stats.health(),
    }),
    READ_ONLY,
  )
  // The jobs' failed files: no other figure adds up with them.
  const failed = await lib.catalog.repos.importItems.failed()
  const perDay = new Map(importDays.map((day) => [day.key, day]))
  return {
    total: {
      count: groups.reduce((sum, group) => sum + group.count, 0),
      bytes: groups.reduce((sum, group) => sum + group.bytes, 0),
    },
    byMediaType: byCount(
      sumBy(
        groups,
        (g) => g.mediaType,
        (g) => MEDIA_TYPE_LABELS[g.mediaType] ?? g.mediaType,
      ),
    ),
    bySourceType: byCount(sumBy(groups, (g) => g.sourceType)),
    byCodec: byCount(sumBy(groups, codecLabel)),
    // Sound alone has no picture to class: its own bucket, shown once the library holds audio.
    byResolution: onScale(groups, resolutionClass, [
      ...RESOLUTION_CLASSES,
      ...(groups.some((g) => g.mediaType === 'audio') ? [NO_PICTURE] : []),
      UNKNOWN_CLASS,
    ]),
    byDuration: onScale(durations, (sum) => sum.key, [...DURATION_BUCKETS, NO_DURATION]),
    importsPerDay: days.map((date) => ({
      date,
      count: perDay.get(date)?.count ?? 0,
      bytes: perDay.get(date)?.bytes ?? 0,
    })),
    health: { ...health, failedImports: failed.total, failedImportsRecent: failed.recent },
  }
}

// Keyed by the common name: "JPEG" (a still's mjpeg) and "Motion JPEG" are different things to people.
function codecLabel(group: StatsGroup): string {
  return codecDisplayName(group.codec, { mediaType: group.mediaType as MediaType }) ?? UNKNOWN_CLASS.label
}

/** Sums groups per key (the stored value, or for codecs the common name, which merges raw names). */
function sumBy(
  groups: readonly StatsGroup[],
  keyOf: (group: StatsGroup) => string,
  labelOf: (group: StatsGroup) => string = keyOf,
): StatsBucket[] {
  const buckets = new Map<string, StatsBucket>()
  for (const group of groups) {
    const name = keyOf(group)
    const bucket = buckets.get(name) ?? { key: name, label: labelOf(group), count: 0, bytes: 0 }
    bucket.count += group.count
    bucket.bytes += group.bytes
    buckets.set(name, bucket)
  }
  return [...buckets.values()]
}

function byCount(buckets: StatsBucket[]): StatsBucket[] {
  return buckets.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
}

/** Every class of a fixed scale in its order, empty ones included, so charts keep their axis. */
function onScale<T extends { count: number; bytes: number }>(
  sums: readonly T[],
  key: (sum: T) => string,
  scale: ReadonlyArray<{ key: string; label: string }>,
): StatsBucket[] {
  const buckets = scale.map((step) => ({ key: step.key, label: step.label, count: 0, bytes: 0 }))
  const byKey = new Map(buckets.map((bucket) => [bucket.key, bucket]))
  for (const sum of sums) {
    const bucket = byKey.get(key(sum))!
    bucket.count += sum.count
    bucket.bytes += sum.bytes
  }
  return buckets
}

/** The resolution class of a stored "WIDTHxHEIGHT" by its shorter side; "no-picture" for audio, "unknown" without one. */
function resolutionClass(group: StatsGroup): string {
  if (group.mediaType === 'audio') return NO_PICTURE.key
  const match = /^(\d+)x(\d+)$/.exec(group.resolution ?? '')
  const shorter = match ? Math.min(Number(match[1]), Number(match[2])) : 0
  if (shorter <= 0) return UNKNOWN_CLASS.key
  return RESOLUTION_CLASSES.find((step) => step.below === null || shorter < step.below)!.key
}

/** The last `count` UTC dates (YYYY-MM-DD) up to and including today's, oldest first. */
function lastDays(now: Date, count: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Array.from({ length: count }, (_, index) =>
    new Date(today - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  )
}
