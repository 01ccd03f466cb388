/** How many sound tracks the import's metadata lists (0 for an image, or a file without sound). */
export function audioTrackCount(metadata: Record<string, unknown> | null): number {
  const tracks = metadata?.audioTracks
  return Array.isArray(tracks) ? tracks.length : 0
}
