import './workflows.css'

// The workflows feature's public entry: the graph drawing and its subgraph navigation (the lead builds the pages around them).
export { WorkflowGraph, type WorkflowGraphProps } from './WorkflowGraph'
export { SubgraphBreadcrumbs } from './SubgraphBreadcrumbs'
export { graphLevels, type GraphLevel } from './subgraph-path'
