// Where the page finds an asset's thumbnails: the web host's `/media/thumbs/`, which Electron's protocol serves
// at the same path. A `version` (the count of `media:thumbnails` events seen for the asset) makes a new URL, so an
// image asks again once its thumbnails are made or remade.

const thumbnailUrl = (assetId: string, file: string, version: number) =>
  `/media/thumbs/${encodeURIComponent(assetId)}/${file}${version > 0 ? `?v=${version}` : ''}`

/** An asset's poster. */
export function posterUrl(assetId: string, version = 0): string {
  return thumbnailUrl(assetId, 'poster.jpg', version)
}

/** An asset's hover-scrub sprite sheet (videos only). */
export function spriteUrl(assetId: string, version = 0): string {
  return thumbnailUrl(assetId, 'sprite.jpg', version)
}

/** An asset's file itself (with Range support, so a video seeks), as players and full-size images load it. */
export function fileUrl(assetId: string): string {
  return `/media/files/${encodeURIComponent(assetId)}`
}
