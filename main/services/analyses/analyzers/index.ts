import { AppError } from '../../../../shared/errors'
import { black } from './black'
import { freeze } from './freeze'
import { loudness } from './loudness'
import { scenes } from './scenes'
import { silence } from './silence'
import { ANALYZER_NAMES, type Analyzer, type AnalyzerName } from './types'

export { ANALYZER_NAMES, type AnalyzerName } from './types'
export type { AnalysisRange, Analyzer, AnalyzerContext, AnalyzerOutput } from './types'

/** Every analyzer by name. */
export const analyzers: { [K in AnalyzerName]: Analyzer<unknown> } = { scenes, silence, black, freeze, loudness }

/** Whether `name` names an analyzer. */
export function isAnalyzerName(name: string): name is AnalyzerName {
  return (ANALYZER_NAMES as readonly string[]).includes(name)
}

/** The analyzer called `name`; AppError 'validation' for an unknown name. */
export function getAnalyzer(name: string): Analyzer<unknown> {
  if (!isAnalyzerName(name))
    throw new AppError('validation', `Unknown analyzer "${name}"`, { analyzers: ANALYZER_NAMES })
  return analyzers[name]
}

/** The analyzer's full config from a partial one (defaults filled in); AppError 'validation' naming the bad fields. */
export function analyzerConfig(name: string, input: unknown = {}): Record<string, unknown> {
  const parsed = getAnalyzer(name).config.safeParse(input)
  // Every analyzer's config is an object schema.
  if (parsed.success) return parsed.data as Record<string, unknown>
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  throw new AppError(
    'validation',
    `Invalid ${name} config: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
    { issues },
  )
}
