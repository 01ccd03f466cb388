// The health feature's public entry: the Library health section of the Stats page, and its id (a skip link's target).
export { HEALTH_ID, HealthSection } from './HealthSection'
