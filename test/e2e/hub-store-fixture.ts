import { createHash } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { freshBucket, serviceClient, type S3Access } from '../helpers/s3-service'

/** The environment variable the global setup leaves the S3 service's address and keys in, for the workers. */
export const E2E_S3_ENV = 'FRAMEVAULT_E2E_S3'

/** A host's stored objects by key, wherever its store keeps them: a test looks at them, or takes one away. */
export interface HostObjects {
  exists(key: string): Promise<boolean>
  /** The SHA-256 (hex) of the object's bytes. */
  sha256(key: string): Promise<string>
  remove(key: string): Promise<void>
  /** Adds bytes to the end of the object (its file changes under the library). */
  append(key: string, bytes: Buffer): Promise<void>
  read(key: string): Promise<Buffer>
  /** Puts the object back (or anew) with these bytes. */
  write(key: string, bytes: Buffer): Promise<void>
}

/** The objects of a library folder's store: the file under the key. */
export function folderObjects(dir: string): HostObjects {
  const file = (key: string) => path.join(dir, ...key.split('/'))
  return {
    exists: async (key) => existsSync(file(key)),
    sha256: async (key) =>
      createHash('sha256')
        .update(readFileSync(file(key)))
        .digest('hex'),
    remove: async (key) => rmSync(file(key)),
    append: async (key, bytes) => appendFileSync(file(key), bytes),
    read: async (key) => readFileSync(file(key)),
    write: async (key, bytes) => writeFileSync(file(key), bytes),
  }
}

/** Where a hub of the e2e run keeps its files: a fresh bucket on the run's S3 service, and its settings for it. */
export interface HubBucket {
  /** The hub's `--store` argument. */
  args: string[]
  /** The hub process's environment (the service's keys). */
  env: NodeJS.ProcessEnv
  objects: HostObjects
}

/** Makes a fresh bucket on the S3 service the global setup started. */
export async function freshHubBucket(): Promise<HubBucket> {
  const service = process.env[E2E_S3_ENV]
  if (!service) throw new Error(`No S3 service for the hub: the e2e global setup starts one (${E2E_S3_ENV}).`)
  const access = JSON.parse(service) as S3Access
  const { endpoint, region, accessKeyId, secretAccessKey } = access
  const client = serviceClient(access)
  const bucket = await freshBucket(access, 'e2e')
  const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  const read = async (key: string) => {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    return Buffer.from(await answer.Body!.transformToByteArray())
  }
  return {
    args: ['--store', `s3://${bucket}?endpoint=${encodeURIComponent(endpoint!)}&region=${region}`],
    env: { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey },
    objects: {
      exists: (key) =>
        head(key).then(
          () => true,
          (error: { $metadata?: { httpStatusCode?: number } }) => {
            if (error.$metadata?.httpStatusCode === 404) return false
            throw error
          },
        ),
      sha256: async (key) =>
        createHash('sha256')
          .update(await read(key))
          .digest('hex'),
      remove: async (key) => void (await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))),
      async append(key, bytes) {
        const body = Buffer.concat([await read(key), bytes])
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
      },
      read,
      write: async (key, bytes) =>
        void (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }))),
    },
  }
}
