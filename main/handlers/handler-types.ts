import type { z } from 'zod'
import type { Channel, Contract, ParsedInput } from '../../shared/contract'
import type { Library } from '../app/library-context'

/** A handler gets the parsed input and the library; it returns data its output schema accepts. */
export type Handler<C extends Channel> = (
  input: ParsedInput<C>,
  lib: Library,
) => Promise<z.input<Contract[C]['output']>> | z.input<Contract[C]['output']>

/** One handler for every channel: a missing channel is a type error. */
export type Handlers = { [C in Channel]: Handler<C> }

/** The handlers of one domain, merged into `Handlers` by the registry. */
export type HandlerGroup = Partial<Handlers>
