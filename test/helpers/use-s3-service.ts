import { afterAll, beforeAll } from 'vitest'
import { START_TIMEOUT_MS, startS3Service, type S3Service } from './s3-service'

/** One Swift service for the test file: started before its first test, stopped after its last. */
export function useS3Service(): () => S3Service {
  let service: S3Service | undefined
  beforeAll(async () => {
    service = await startS3Service()
  }, START_TIMEOUT_MS + 10_000)
  afterAll(async () => {
    await service?.stop()
  })
  return () => {
    if (!service) throw new Error('The S3 service is not running (useS3Service() starts it in beforeAll).')
    return service
  }
}
