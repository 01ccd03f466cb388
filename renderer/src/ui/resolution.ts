/** A stored resolution ("1920x1080") as its width and height; null when unknown or not of that form. */
export function sizeOf(resolution: string | null): { width: number; height: number } | null {
  const match = /^(\d+)x(\d+)$/.exec(resolution ?? '')
  if (!match) return null
  const [width, height] = [Number(match[1]), Number(match[2])]
  return width > 0 && height > 0 ? { width, height } : null
}
