/** The live scope in the browser (`spikeloop scope`), as a library. docs/scope.md. */
export { openScope, type Scope, type ScopeOptions } from "./scope.ts";
export { LiveRun, type LiveEdit, type LiveRunOptions, type LiveStep, type LiveTarget } from "./live-run.ts";
export { analogLiveInput, type LiveInput, MAX_GAIN, patternInput } from "./live-input.ts";
export { type ClientMessage, MessageError, parseClientMessage } from "./messages.ts";
