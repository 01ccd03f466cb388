import { z } from 'zod'

/**
 * Contract policy: a string is at most 64 KiB, so a bug that drops a `.max()` cannot let a
 * request hold the process's memory. Whole JSON documents (a workflow's definition, a run's data)
 * are the exception, bounded by their own `.max()`; this marks them, so the contract fuzzer holds
 * them to their own bound instead of the policy's.
 */
export const DOCUMENT = { document: true } as const

/** Marks a string schema as a whole JSON document (see DOCUMENT). */
export function documentText<T extends z.ZodString>(schema: T): T {
  return schema.meta(DOCUMENT) as T
}

/** Whether a schema was marked with documentText. */
export function isDocumentText(schema: z.ZodType): boolean {
  return schema.meta()?.document === true
}

/**
 * Whether a channel's input can hold a marked document anywhere (inside optional, nullable,
 * default, object, array and union schemas): the web host lets such requests be larger.
 */
export function carriesDocument(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodString) return isDocumentText(schema)
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return carriesDocument(schema.unwrap() as z.ZodType)
  }
  if (schema instanceof z.ZodObject)
    return Object.values(schema.shape).some((field) => carriesDocument(field as z.ZodType))
  if (schema instanceof z.ZodArray) return carriesDocument(schema.element as z.ZodType)
  if (schema instanceof z.ZodUnion) return schema.options.some((option) => carriesDocument(option as z.ZodType))
  return false
}
