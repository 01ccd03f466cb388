import path from 'node:path'

/**
 * The file a URL path names below `root`, or undefined when it is malformed or would leave
 * `root` (`..`, encoded or not). The only way request paths become file paths.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const base = path.resolve(root)
  const file = path.resolve(base, decoded.replace(/^\/+/, ''))
  return file === base || file.startsWith(base + path.sep) ? file : undefined
}
