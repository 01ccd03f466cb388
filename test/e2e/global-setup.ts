import { buildHubBundle, buildWebHostBundle } from '../fixtures/bundles'
import { ensureFixtures } from '../fixtures/make-fixtures'

/** Generates the fixture media and bundles the web host and the hub once, before any e2e test starts (Playwright wants a default export). */
export default async function globalSetup(): Promise<void> {
  await Promise.all([ensureFixtures(), buildWebHostBundle(), buildHubBundle()])
}
