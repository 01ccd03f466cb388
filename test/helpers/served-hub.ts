import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import type { Library } from '../../main/services/library-context'
import { openHubLibrary } from '../../main/app/open-hub-library'
import { s3ObjectStore } from '../../main/storage/s3-object-store'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { bucketKeys, freshBucket } from './s3-service'
import { freshHubDatabase } from './sql-engines'
import { tempDir } from './temp-dir'
import { useS3Service } from './use-s3-service'

const TOKEN = 'cli-push-test-token-0123456789'

/** A hub served over HTTP as a push reaches it: its library, its address and token, the CLI's arguments for it. */
export interface ServedHub {
  hub: Library
  url: string
  token: string
  args: string[]
  /** The keys of the hub's bucket. */
  keys(): Promise<string[]>
}

/**
 * Hubs (PostgreSQL + a fresh bucket of the file's Swift service) served by the web host, for the push tests; each
 * closed after its test, with whatever else the test hands to `closing`.
 */
export function useServedHubs(): { servedHub(): Promise<ServedHub>; closing: Array<() => Promise<void>> } {
  const service = useS3Service()
  const closing: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })
  return {
    closing,
    async servedHub() {
      const { endpoint, region, accessKeyId, secretAccessKey } = service()
      const bucket = await freshBucket(service(), 'push')
      const dir = tempDir()
      const credentials = { accessKeyId, secretAccessKey }
      const store = s3ObjectStore({ bucket, endpoint, region, credentials, localDir: dir })
      const hub = await openHubLibrary(dir, await freshHubDatabase(), { actor: 'hub', store })
      const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'framevault-no-renderer-'))
      const host: WebHost = await startWebHost({ library: hub, rendererDir, token: TOKEN })
      closing.push(
        () => hub.close(),
        () => host.close(),
      )
      const url = `http://127.0.0.1:${host.port}`
      return {
        hub,
        url,
        token: TOKEN,
        args: ['--hub', url, '--token', TOKEN],
        keys: () => bucketKeys(service(), bucket),
      }
    },
  }
}
