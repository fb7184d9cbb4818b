/**
 * Saved sessions: one append-only JSONL file of protocol events per session, one folder
 * per project under the user data directory, a listing cache beside them; reading back,
 * exporting and pruning. The engine writes them (src/engine/persistence.ts); frontends
 * reach the rest through the engine facade.
 */
export { projectKey, projectStore, storeUnavailable, userDataDir } from "./paths.ts";
export type { ProjectStore } from "./paths.ts";
export { findSession, listSessions } from "./catalog.ts";
export type { SessionInfo } from "./catalog.ts";
export { loadSession } from "./load.ts";
export type { LoadedSession } from "./load.ts";
export { SessionLog } from "./log.ts";
export { titleOf } from "./records.ts";
export { exportSession } from "./export.ts";
export type { ExportFormat } from "./export.ts";
export { parseAge, pruneSessions } from "./prune.ts";
export type { PruneResult } from "./prune.ts";
