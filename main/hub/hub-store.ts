import { checkBucket, parseStoreUrl, s3Client } from '../storage/s3-client'
import { s3ObjectStore } from '../storage/s3-object-store'
import type { DownloadCacheLimits } from '../storage/download-cache'
import type { ObjectStore } from '../storage/object-store'

/** Where a hub keeps its bytes: a bucket (`store`), or the folder store of its library folder (no `store`). */
export interface HubStore {
  store?: ObjectStore
  /** Where, in words, for the hub's start lines. */
  where: string
}

/**
 * The hub's object store: the S3 bucket `storeUrl` names (`s3://bucket[/prefix]?endpoint=…&region=…`, credentials
 * as the AWS SDK finds them), checked reachable now; without it, the folder `libraryDir`. The bucket's store keeps
 * its downloads for tools (at most `cache.maxBytes`) and uploads being sent under `libraryDir`.
 */
export async function openHubStore(
  storeUrl: string | undefined,
  libraryDir: string,
  cache: DownloadCacheLimits = {},
): Promise<HubStore> {
  if (storeUrl === undefined) return { where: `in ${libraryDir}` }
  const location = parseStoreUrl(storeUrl)
  const client = s3Client(location)
  await checkBucket(client, location)
  const prefix = location.prefix ? `/${location.prefix}` : ''
  const at = location.endpoint ? ` at ${location.endpoint}` : ''
  return {
    store: s3ObjectStore({ ...location, client, localDir: libraryDir, cache }),
    where: `S3 bucket ${location.bucket}${prefix}${at}`,
  }
}
