import type { Migration } from '../migration'

/**
 * AVIF and HEIF images are filed under containers of their own (issue 37 point 8: an AVIF showed under "MP4 / MOV").
 * ffprobe reads them with its ISO demuxer ("mov,mp4,…"); imports now file them by brand (shared/codec-names.ts
 * `containerFamily`). Rows from before kept no brand: an image of that family is AVIF when its picture is AV1 and
 * HEIF when it is HEVC, as the generic brands are told apart.
 */
export const migration: Migration = {
  version: 420,
  name: 'image-containers',
  up(db) {
    db.exec(`
      UPDATE videos SET metadata = json_set(metadata,
        '$.container', CASE json_extract(metadata, '$.videoCodec') WHEN 'av1' THEN 'avif' ELSE 'heif' END,
        '$.containerName', CASE json_extract(metadata, '$.videoCodec') WHEN 'av1' THEN 'AVIF' ELSE 'HEIF' END)
      WHERE media_type = 'image' AND json_valid(metadata)
        AND json_extract(metadata, '$.container') LIKE 'mov,mp4%'
        AND json_extract(metadata, '$.videoCodec') IN ('av1', 'hevc');
    `)
  },
}
