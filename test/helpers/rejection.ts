/** The error `work` rejects with; throws when it resolves instead. */
export async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}
