import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../main/security/csp'

function directives(policy: string): Map<string, string> {
  return new Map(policy.split('; ').map((d) => [d.slice(0, d.indexOf(' ')), d.slice(d.indexOf(' ') + 1)]))
}

describe('contentSecurityPolicy', () => {
  it('builds a strict policy: nothing by default, scripts only from self, no inline, no framing', () => {
    const policy = directives(contentSecurityPolicy())
    expect(policy.get('default-src')).toBe("'none'")
    expect(policy.get('script-src')).toBe("'self'")
    expect(policy.get('object-src')).toBe("'none'")
    expect(policy.get('frame-ancestors')).toBe("'none'")
    expect(contentSecurityPolicy()).not.toContain('unsafe')
  })

  it('relaxes only what the dev server needs', () => {
    const policy = directives(contentSecurityPolicy({ dev: true }))
    expect(policy.get('script-src')).toBe("'self' 'unsafe-inline'")
    expect(policy.get('connect-src')).toBe("'self' ws:")
    expect(policy.get('default-src')).toBe("'none'")
  })
})
