// The health feature's public entry: the Library health section of the Stats page.
export { HealthSection } from './HealthSection'
