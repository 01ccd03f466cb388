import { createHash } from 'node:crypto'
import { HeadBucketCommand, S3Client, type DeleteObjectsCommand, type S3ClientConfig } from '@aws-sdk/client-s3'
import { AppError } from '../../shared/errors'
import { isKey } from './object-store'

/** Where an S3 store is: what `parseStoreUrl` reads from an `s3://` URL. */
export interface S3Location {
  bucket: string
  /** Prepended (with a `/`) to every key. */
  prefix?: string
  /** An S3-compatible service's URL (addressed path-style); absent for AWS. */
  endpoint?: string
  region?: string
}

/** An S3 client for a store: path-style when an endpoint is given; checksums only where S3 requires them (we send Content-MD5). */
export function s3Client({
  endpoint,
  region,
  credentials,
}: Omit<S3Location, 'bucket' | 'prefix'> & { credentials?: S3ClientConfig['credentials'] }): S3Client {
  return new S3Client({
    endpoint,
    region,
    credentials,
    forcePathStyle: endpoint !== undefined,
    // The SDK's default streams bodies with aws-chunked CRC trailers, which services like Swift's s3api refuse.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
}

/** The HTTP status of an S3 failure, if it got one. */
export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
}

/** The S3 error code (`NoSuchKey`, `NotImplemented`, ...). */
export function codeOf(error: unknown): string | undefined {
  return (error as { Code?: string; name?: string }).Code ?? (error as Error).name
}

/** An MD5 hash of `bytes` (S3's Content-MD5 and a single part's ETag). */
export const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes)

// Swift's s3api (and S3 without a checksum header) wants Content-MD5 on a multi-object delete; the SDK sends a CRC32.
export function withContentMd5(command: DeleteObjectsCommand): DeleteObjectsCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> }
      if (request.headers && (typeof request.body === 'string' || request.body instanceof Uint8Array)) {
        request.headers['content-md5'] = md5(Buffer.from(request.body)).digest('base64')
      }
      return next(args)
    },
    { step: 'build', name: 'framevaultContentMd5' },
  )
  return command
}

const AUTH_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidToken',
  'ExpiredToken',
])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'])

/** An S3 failure in words, as an AppError: refused credentials, a missing bucket, an unreachable service, or what S3 said. */
export function s3Failure(error: unknown, { bucket, endpoint }: S3Location, key?: string): Error {
  if (error instanceof AppError) return error
  const status = statusOf(error)
  const code = codeOf(error)
  const where = `bucket "${bucket}"${endpoint ? ` at ${endpoint}` : ''}`
  const details = { bucket, key, status, code }
  if (status === 403 || AUTH_CODES.has(code ?? '')) {
    const why = code && code !== 'Unknown' && code !== 'Forbidden' ? code : `HTTP ${status}`
    return new AppError(
      'unauthorized',
      `S3 refused the request for ${where} (${why}): check the access key and secret key ` +
        '(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and what they may do.',
      details,
    )
  }
  if (code === 'NoSuchBucket') return new AppError('io', `There is no ${where}.`, details)
  const errno = (error as NodeJS.ErrnoException).code
  if (status === undefined && errno && NETWORK_CODES.has(errno)) {
    return new AppError(
      'unreachable',
      `S3 ${endpoint ? `at ${endpoint} ` : ''}could not be reached (${errno}).`,
      details,
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('io', `S3 failed${key ? ` on ${key}` : ''} in ${where} (${code ?? status}): ${message}`, details)
}

const URL_SHAPE = /^s3:\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const EXAMPLE = 's3://bucket[/prefix][?endpoint=http://127.0.0.1:8080&region=us-east-1]'

/** Reads `s3://bucket[/prefix][?endpoint=URL&region=NAME]`; credentials are never in the URL (the AWS SDK reads its environment). */
export function parseStoreUrl(url: string): S3Location {
  const bad = (why: string) => new AppError('validation', `Not an S3 store URL: ${why} (expected ${EXAMPLE}).`, { url })
  const match = URL_SHAPE.exec(url)
  if (!match) throw bad(`${JSON.stringify(url)} does not start with s3://bucket`)
  const [, bucket, rawPrefix = '', query = ''] = match
  if (bucket.includes('@')) {
    throw bad('credentials do not go in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)')
  }
  if (!BUCKET.test(bucket)) throw bad(`"${bucket}" is not a bucket name (3 to 63 of a-z, 0-9, "." and "-")`)
  const prefix = rawPrefix.replace(/^\/+|\/+$/g, '')
  if (prefix && !isKey(prefix))
    throw bad(`"${prefix}" is not a key prefix (/-separated names of A-Z, a-z, 0-9, ".", "_", "-")`)
  const location: S3Location = { bucket, ...(prefix ? { prefix } : {}) }
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === 'endpoint') {
      let endpoint: URL
      try {
        endpoint = new URL(value)
      } catch {
        throw bad(`endpoint "${value}" is not a URL`)
      }
      if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:')
        throw bad(`endpoint "${value}" is not http(s)`)
      location.endpoint = value
    } else if (name === 'region') {
      if (!/^[a-z0-9-]+$/.test(value)) throw bad(`region "${value}" is not a region name`)
      location.region = value
    } else {
      throw bad(`"${name}" is not an option (endpoint and region are)`)
    }
  }
  return location
}

/**
 * Checks that the bucket is there and these credentials may use it (HEAD on the bucket), so a host says what is
 * wrong when it starts rather than at its first upload; the failure in words (s3Failure).
 */
export async function checkBucket(client: S3Client, location: S3Location): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: location.bucket }))
  } catch (error) {
    // HEAD has no body to name the error by: a 404 is the bucket.
    throw s3Failure(statusOf(error) === 404 ? Object.assign(error as Error, { Code: 'NoSuchBucket' }) : error, location)
  }
}
