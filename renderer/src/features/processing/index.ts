import './processing.css'

// The processing feature's public entry: the asset detail's Processing section (lineage and the process form).
export { ProcessingSection } from './ProcessingSection'
