import type { AnalyzerName, ChannelInput, ProcessorAction } from '../../../../shared/contract'
import { ANALYZERS, configFields, configProblem } from '../analyses/index'
import { PROCESSORS, processorFields, processorProblem } from '../processing/index'
import type { ConfigFieldSpec } from '../../ui/ConfigFields'

/** What a batch can run: an analyzer or a processor (their names never clash). */
export type WorkName = AnalyzerName | ProcessorAction

const ANALYZER_NAMES = Object.keys(ANALYZERS) as AnalyzerName[]
const ACTIONS = Object.keys(PROCESSORS) as ProcessorAction[]

/** Every analyzer, then every processor, in the run forms' order. */
export const WORK_NAMES: readonly WorkName[] = [...ANALYZER_NAMES, ...ACTIONS]

function isAnalyzer(name: WorkName): name is AnalyzerName {
  return (ANALYZER_NAMES as string[]).includes(name)
}

/** The picker's words for a name: what kind of work it is, and its name. */
export function workTitle(name: WorkName): string {
  return isAnalyzer(name) ? `Analysis: ${name}` : `Processing: ${PROCESSORS[name].title}`
}

/** The config fields of a name, from its contract schema. */
export function workFields(name: WorkName): ConfigFieldSpec[] {
  return isAnalyzer(name) ? configFields(name) : processorFields(name)
}

/** What is wrong with a config in the form's words; null when the contract takes it. */
export function workProblem(name: WorkName, config: Record<string, unknown>): string | null {
  return isAnalyzer(name) ? configProblem(name, config as Record<string, number>) : processorProblem(name, config)
}

/** The `work` of a batch:run request. */
export function workRequest(
  name: WorkName,
  config: Record<string, unknown>,
  force: boolean,
): ChannelInput<'batch:run'>['work'] {
  return (
    isAnalyzer(name)
      ? { kind: 'analysis', analyzer: name, config, force }
      : { kind: 'processing', action: name, config, force }
  ) as ChannelInput<'batch:run'>['work']
}
