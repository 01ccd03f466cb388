import { ensureFixtures } from '../fixtures/make-fixtures'

/** Generates the fixture media once, before any e2e test starts (Playwright wants a default export). */
export default async function globalSetup(): Promise<void> {
  await ensureFixtures()
}
