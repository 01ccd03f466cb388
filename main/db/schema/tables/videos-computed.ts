import type { EngineSql } from '../declare'

// The filter and sort columns a database computes from an asset's own (a library's migration 0060, virtual; a hub's
// 0170, stored): each engine's words, as its migration wrote them.

// SQLite's CAST(text AS INTEGER) on PostgreSQL: the leading integer of the text, 0 when there is none.
const leadingInteger = (text: string) => `coalesce((substring(${text} FROM '^\\s*([-+]?[0-9]+)'))::bigint, 0)`
const HUB_WIDTH = `CASE WHEN strpos(resolution, 'x') > 1 THEN ${leadingInteger(`split_part(resolution, 'x', 1)`)} END`
const HUB_HEIGHT = `CASE WHEN strpos(resolution, 'x') > 1 THEN ${leadingInteger(`substr(resolution, strpos(resolution, 'x') + 1)`)} END`
const hubMetadata = (key: string) => `CASE WHEN metadata IS JSON OBJECT THEN metadata::json ->> '${key}' END`

export const COMPUTED: Record<string, EngineSql> = {
  width: {
    sqlite: `CASE WHEN instr(resolution, 'x') > 1 THEN CAST(substr(resolution, 1, instr(resolution, 'x') - 1) AS INTEGER) END`,
    postgres: HUB_WIDTH,
  },
  height: {
    sqlite: `CASE WHEN instr(resolution, 'x') > 1 THEN CAST(substr(resolution, instr(resolution, 'x') + 1) AS INTEGER) END`,
    postgres: HUB_HEIGHT,
  },
  orientation: {
    sqlite: `CASE WHEN width IS NULL OR height IS NULL THEN NULL WHEN width > height THEN 'landscape'
      WHEN width < height THEN 'portrait' ELSE 'square' END`,
    postgres: `CASE WHEN (${HUB_WIDTH}) IS NULL OR (${HUB_HEIGHT}) IS NULL THEN NULL
      WHEN (${HUB_WIDTH}) > (${HUB_HEIGHT}) THEN 'landscape' WHEN (${HUB_WIDTH}) < (${HUB_HEIGHT}) THEN 'portrait'
      ELSE 'square' END`,
  },
  has_audio: {
    sqlite: `CASE WHEN json_valid(metadata) AND json_extract(metadata, '$.audioCodec') IS NOT NULL THEN 1 ELSE 0 END`,
    postgres: `CASE WHEN (${hubMetadata('audioCodec')}) IS NOT NULL THEN 1 ELSE 0 END`,
  },
  container: {
    sqlite: `CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.container') END`,
    postgres: hubMetadata('container'),
  },
  // The two values a list item's codec name is made from (library 0780, hub 0440): stored on a hub, whose page read
  // them out of the metadata text for every row (4 of a first page's 5 ms at a million assets).
  codec_name: {
    sqlite: `CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.videoCodecName') END`,
    postgres: hubMetadata('videoCodecName'),
  },
  codec_profile: {
    sqlite: `CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.videoProfile') END`,
    postgres: hubMetadata('videoProfile'),
  },
  sort_imported: 'coalesce(imported_at, created_at)',
  sort_name: {
    sqlite: 'lower(name)',
    postgres: `translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`,
  },
  sort_duration: 'coalesce(duration_seconds, -1)',
  sort_size: 'coalesce(size_bytes, -1)',
  sort_pixels: { sqlite: 'coalesce(width * height, -1)', postgres: `coalesce((${HUB_WIDTH}) * (${HUB_HEIGHT}), -1)` },
}
