/** The placement message builder is shared with control's session verbs; it lives in core. */
export { placementMessage } from "@wharf/core";
