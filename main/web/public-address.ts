import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import { isLoopbackAddress } from './request-guards'

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

/**
 * `--public-url`: the address people reach a hub at (a TLS proxy's, a name on the team's network), as an origin:
 * http or https, no path beyond `/`, no query, fragment or credentials, since the printed and invite addresses
 * append `/?token=…` to it.
 */
export function parsePublicUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new Error(`--public-url takes an address such as https://hub.studio.example, not "${text}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`--public-url must start with http:// or https://, not "${url.protocol}".`)
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(
      `--public-url is an address alone (scheme, name, port), with no path, query or password: "${text}".`,
    )
  }
  return url.origin
}

/**
 * The origin a host's printed address and invite addresses use: `publicUrl` when given; else the listening address
 * and port, loopback as 127.0.0.1, and a wildcard (0.0.0.0, ::) as this machine's first IPv4 address that others
 * can reach (127.0.0.1 when it has none), since a wildcard is no address to open.
 */
export function publicOrigin(
  listen: string,
  port: number,
  publicUrl?: string,
  interfaces: Interfaces = networkInterfaces(),
): string {
  if (publicUrl !== undefined) return publicUrl
  if (isLoopbackAddress(listen)) return `http://127.0.0.1:${port}`
  const host = listen === '0.0.0.0' || listen === '::' ? firstOutsideIpv4(interfaces) : listen
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * The origin this machine's own processes reach a host at (a hub's helper workers): never the public address,
 * which may be a proxy's or a name this machine does not resolve.
 */
export function localOrigin(listen: string, port: number): string {
  const wildcard = listen === '0.0.0.0' || listen === '::'
  return wildcard ? `http://127.0.0.1:${port}` : publicOrigin(listen, port, undefined, {})
}

function firstOutsideIpv4(interfaces: Interfaces): string {
  for (const addresses of Object.values(interfaces)) {
    const outside = addresses?.find((address) => address.family === 'IPv4' && !address.internal)
    if (outside) return outside.address
  }
  return '127.0.0.1'
}
