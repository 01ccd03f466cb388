import { buildCliBundle, buildHubBundle, buildWebHostBundle } from '../fixtures/bundles'
import { ensureFixtures } from '../fixtures/make-fixtures'
import { startS3Service } from '../helpers/s3-service'
import { E2E_S3_ENV } from './hub-store-fixture'

/**
 * Generates the fixture media, bundles the web host, the hub and the CLI, and starts the S3 service (Swift) the hubs keep
 * their files in, once, before any e2e test starts; the service's address goes to the workers in the environment.
 * Returns the teardown (Playwright wants a default export).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const [s3] = await Promise.all([
    startS3Service(),
    ensureFixtures(),
    buildWebHostBundle(),
    buildHubBundle(),
    buildCliBundle(),
  ])
  const { endpoint, region, accessKeyId, secretAccessKey } = s3
  process.env[E2E_S3_ENV] = JSON.stringify({ endpoint, region, accessKeyId, secretAccessKey })
  return () => s3.stop()
}
