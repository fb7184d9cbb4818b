/** Files the UI writes or looks for in the project (AGENTS.md, an export). */

/** Whether something is at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `path`, or `name-2.ext`, `name-3.ext`… when it is taken: a file never overwritten. */
export async function unusedPath(path: string): Promise<string> {
  const dot = path.lastIndexOf(".");
  let candidate = path;
  for (let i = 2; await exists(candidate); i++) {
    candidate = `${path.slice(0, dot)}-${i}${path.slice(dot)}`;
  }
  return candidate;
}
