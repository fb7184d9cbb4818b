/**
 * Process-group bookkeeping for shell commands. Each command runs in its own session and
 * process group (so a timeout or cancel stops the whole tree, and a terminal's Ctrl+C does
 * not reach it directly); this module signals those groups, kills the ones still alive
 * when nanocoder exits, and finds processes that left their group.
 *
 * A process that calls `setsid` (or `setpgid`) leaves the group, and no group signal
 * reaches it. Every command gets a marker variable in its environment, inherited by all
 * its descendants, so on Linux such escapees can still be found in /proc afterwards.
 */

/** Name of the environment variable that marks a command's processes. */
export const COMMAND_MARKER = "NANOCODER_COMMAND_ID";

/** A fresh marker value for one command. */
export function newCommandId(): string {
  return crypto.randomUUID();
}

/** Process groups of commands still running, killed if nanocoder exits first. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Remembers a running command's group. Commands run in their own session, so neither a
 * terminal Ctrl+C nor our exit reaches them: without the exit hook an interrupted
 * nanocoder would leave them running.
 */
export function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled || Deno.build.os === "windows") return;
  exitHookInstalled = true;
  globalThis.addEventListener("unload", () => {
    for (const group of liveGroups) {
      try {
        Deno.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

/** Forgets a group whose command has ended. */
export function untrackGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** Signals the child's whole process group, or the child alone where groups do not exist. */
export function signalGroup(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    if (Deno.build.os === "windows") child.kill(signal);
    else Deno.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Whether process group `group` still has a live member: from /proc where it can be read
 * (zombies do not count), else by sending the group the harmless SIGCONT.
 */
export async function groupAlive(marker: string, group: number): Promise<boolean> {
  const leftovers = await findLeftovers(marker, group);
  if (leftovers) return leftovers.inGroup.length > 0;
  if (Deno.build.os === "windows") return false;
  try {
    Deno.kill(-group, "SIGCONT");
    return true;
  } catch {
    return false; // ESRCH: gone (EPERM: not ours to signal anyway)
  }
}

/** Waits `ms` milliseconds (none when `ms` is not positive). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Resolves true when `promise` settles within `ms`, false otherwise (no timer left behind). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A command's processes still alive after it ended, by whether they left its group. */
export interface Leftovers {
  /** Still in the command's process group: the group signal (and the exit hook) reach them. */
  inGroup: number[];
  /** Left the group (setsid or similar): no group signal reaches them. */
  escaped: number[];
}

/**
 * Live processes carrying `marker` in their environment, split by whether they are still
 * in process group `group`. Undefined when this cannot be known (not Linux, or no
 * permission to read /proc).
 */
export async function findLeftovers(marker: string, group: number): Promise<Leftovers | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  const needle = `\0${COMMAND_MARKER}=${marker}\0`;
  const found: Leftovers = { inGroup: [], escaped: [] };
  try {
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const pid = Number(entry.name);
      const state = await processState(pid);
      if (!state || state.zombie) continue;
      const environ = await readOwn(`/proc/${pid}/environ`);
      if (environ === undefined || !`\0${environ}`.includes(needle)) continue;
      (state.pgid === group ? found.inGroup : found.escaped).push(pid);
    }
  } catch {
    return undefined; // no read access to /proc
  }
  return found;
}

async function processState(pid: number): Promise<{ pgid: number; zombie: boolean } | undefined> {
  const stat = await readOwn(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // After the command name (in parentheses, may hold spaces): state ppid pgrp …
  const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { pgid: Number(pgrp), zombie: state === "Z" };
}

/** A /proc file's text, or undefined when it is gone or another user's. */
async function readOwn(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    return undefined;
  }
}

/** Kills processes by id (escapees of a cancelled command), ignoring ones already gone. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
