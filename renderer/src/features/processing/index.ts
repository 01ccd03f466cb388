import './processing.css'

// The processing feature's public entry: the asset detail's Processing section (lineage and the process form).
export { ProcessingSection } from './ProcessingSection'
// The processors, their fields and checks, for the batch form (features/batches).
export { PROCESSORS, processorFields, processorProblem } from './processing-view'
// A run's processor and config in words, for the asset detail's provenance.
export { processorTitle, settingWords, type SettingWords } from './config-words'
