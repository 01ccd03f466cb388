import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { localOrigin, parsePublicUrl, publicOrigin } from '../../main/web/public-address'

const iface = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as unknown as NetworkInterfaceInfo
const MACHINE = {
  lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
  docker0: [iface('fe80::1', 'IPv6', false)],
  eth0: [iface('fe80::2', 'IPv6', false), iface('192.168.1.20', 'IPv4', false)],
  eth1: [iface('10.0.0.5', 'IPv4', false)],
}

// Issue 64 point 6: the printed address and People's invite addresses must open on someone else's computer.
describe('--public-url', () => {
  it.each([
    ['https://hub.studio.example', 'https://hub.studio.example'],
    ['https://hub.studio.example/', 'https://hub.studio.example'],
    ['http://fv.example.test:4780', 'http://fv.example.test:4780'],
    [' HTTPS://Hub.Studio.Example:443/ ', 'https://hub.studio.example'],
  ])('takes %j as %s', (text, origin) => {
    expect(parsePublicUrl(text)).toBe(origin)
  })

  it.each([
    ['hub.studio.example', 'takes an address such as'],
    ['ftp://hub.studio.example', 'must start with http:// or https://, not "ftp:"'],
    ['https://hub.studio.example/framevault', 'is an address alone'],
    ['https://hub.studio.example/?x=1', 'is an address alone'],
    ['https://hub.studio.example/#top', 'is an address alone'],
    ['https://ada:pw@hub.studio.example', 'is an address alone'],
  ])('refuses %j in words', (text, words) => {
    expect(() => parsePublicUrl(text)).toThrow(words)
  })
})

describe("the hub's public origin", () => {
  it('is --public-url when given, whatever it listens on', () => {
    expect(publicOrigin('0.0.0.0', 4780, 'https://hub.studio.example', MACHINE)).toBe('https://hub.studio.example')
    expect(publicOrigin('127.0.0.1', 4780, 'http://fv.example.test:4780', MACHINE)).toBe('http://fv.example.test:4780')
  })

  it('is 127.0.0.1 on loopback, the address itself on one interface, the first outside IPv4 for a wildcard', () => {
    expect(publicOrigin('127.0.0.1', 4780, undefined, MACHINE)).toBe('http://127.0.0.1:4780')
    expect(publicOrigin('10.0.0.5', 4780, undefined, MACHINE)).toBe('http://10.0.0.5:4780')
    expect(publicOrigin('fd00::7', 4780, undefined, MACHINE)).toBe('http://[fd00::7]:4780')
    expect(publicOrigin('0.0.0.0', 4780, undefined, MACHINE)).toBe('http://192.168.1.20:4780')
    expect(publicOrigin('::', 4781, undefined, MACHINE)).toBe('http://192.168.1.20:4781')
    // A machine with no outside address (a container without a network): loopback is all there is.
    expect(publicOrigin('0.0.0.0', 4780, undefined, { lo: MACHINE.lo })).toBe('http://127.0.0.1:4780')
  })

  it('reaches the hub from its own machine by loopback for a wildcard, else by the address it listens on', () => {
    expect(localOrigin('0.0.0.0', 4780)).toBe('http://127.0.0.1:4780')
    expect(localOrigin('127.0.0.1', 4780)).toBe('http://127.0.0.1:4780')
    expect(localOrigin('10.0.0.5', 4780)).toBe('http://10.0.0.5:4780')
  })
})
