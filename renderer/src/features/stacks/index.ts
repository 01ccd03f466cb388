// The stacks feature's public entry: the badge on a head's card and the Stack section of an asset's page.
import './stacks.css'

export { StackBadge } from './StackBadge'
export { StackSection } from './StackSection'
