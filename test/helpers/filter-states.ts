import fc from 'fast-check'
import type { MediaFilter } from '../../shared/contract'

// Random filter states over the synthetic assets of test/helpers/assets.ts, for the facet tests.

const some = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined })
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const FILTERS = {
  mediaType: some(['video', 'image'] as const),
  sourceType: some(['uploaded', 'generated', 'processed'] as const),
  status: some([1, 3, 6]),
  codec: some(['h264', 'hevc', 'vp9', 'png']),
  container: some(['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm']),
  orientation: some(['landscape', 'portrait', 'square'] as const),
  hasAudio: maybe(fc.boolean()),
  hasNearDuplicates: maybe(fc.boolean()),
  minRating: maybe(fc.integer({ min: 0, max: 5 })),
  minWidth: maybe(fc.constantFrom(640, 1024, 1920)),
  maxHeight: maybe(fc.constantFrom(480, 1080)),
  minDuration: maybe(fc.constantFrom(0, 5, 25)),
  maxDuration: maybe(fc.constantFrom(7.5, 30)),
  minSize: maybe(fc.constantFrom(0, 10_000)),
  maxSize: maybe(fc.constantFrom(20_000, 49_000)),
  importedFrom: maybe(fc.constantFrom('2026-01-05', '2026-01-10T00:00', '2026-01-03T00:00:00.000Z', '2026-01-07T12')),
  importedTo: maybe(fc.constantFrom('2026-01-12', '2026-01-15T00:00:00Z', '2026-01-08T00:00:00.0001Z')),
  tags: some(['beach', 'night', 'city', 'drone']),
  health: some(['missing', 'changed'] as const),
  collection: maybe(fc.constantFrom(1, 2)),
  provider: some(['comfyui', 'invokeai']),
  model: some(['sd_xl_base_1.0', 'flux1-dev', 'wan2.1_t2v']),
  sampler: some(['euler', 'dpmpp_2m']),
  steps: some([20, 30]),
  loras: some(['detail-tweaker', 'film-grain', 'pixel-art']),
  hasWorkflow: maybe(fc.boolean()),
  importedBy: some(['tester', 'Ada']),
  reviewStatus: some(['none', 'approved'] as const),
  collapseStacks: maybe(fc.constant(true as const)),
}

/**
 * States of at most three of the filters, those named in `without` left out: more leave nothing of a few
 * dozen assets, and an empty result checks little.
 */
export function filterStates(without: ReadonlyArray<keyof typeof FILTERS> = []): fc.Arbitrary<MediaFilter> {
  const chosen = Object.fromEntries(Object.entries(FILTERS).filter(([name]) => !without.includes(name as never)))
  return fc
    .record(chosen, { requiredKeys: [] })
    .chain((filter: MediaFilter) =>
      fc
        .subarray(Object.keys(filter) as Array<keyof MediaFilter>, { maxLength: 3 })
        .map((keys) => Object.fromEntries(keys.map((key) => [key, filter[key]])) as MediaFilter),
    )
}
