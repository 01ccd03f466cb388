import './workflows.css'
import './workflow-pages.css'
import './workflow-detail.css'

// The workflows feature's public entry: the graph drawing and its subgraph navigation, and the
// Workflows pages the shell routes to (list, workflow, execution).
export { WorkflowGraph, type WorkflowGraphProps } from './WorkflowGraph'
export { SubgraphBreadcrumbs } from './SubgraphBreadcrumbs'
export { graphLevels, type GraphLevel } from './subgraph-path'
export { WorkflowsPage } from './WorkflowsPage'
export { WorkflowPage } from './WorkflowPage'
export { ExecutionPage } from './ExecutionPage'
