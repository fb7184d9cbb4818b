/**
 * Adds and removes MCP servers in a config file (`agents.config.json` or `.mcp.json`) the
 * way `claude mcp add/remove` does, keeping every other key as it was. Servers go where
 * the file already keeps them: `nanocoder.mcpServers`, a top-level `mcpServers`, or
 * Nanocoder's array of `{name, ...}`; a new file gets `nanocoder.mcpServers`. Writes are
 * atomic (temp file + rename) and keep the file's mode.
 */
import { dirname } from "node:path";
import { parseJsonText } from "../config/json_file.ts";
import { readConfigForUpdate } from "../config/project_file.ts";
import { ConfigError } from "../errors.ts";
import { isRecord } from "./_private.ts";

/** A server entry as written in the file. */
export type ServerEntry = Record<string, unknown>;

/** Adds server `name` to `path`; throws ConfigError when it is already there. */
export async function addServerToFile(
  path: string,
  name: string,
  server: ServerEntry,
): Promise<void> {
  const data = await readObject(path);
  const holder = serversOf(data, path, true)!;
  if (serverIn(holder, name)) {
    throw new ConfigError(
      `MCP server "${name}" already exists in "${path}": remove it first (nanocoder mcp remove ${name})`,
    );
  }
  if (Array.isArray(holder.servers)) holder.servers.push({ name, ...server });
  else holder.servers[name] = server;
  await writeObject(path, data);
}

/** Removes server `name` from `path`; false when the file does not define it. */
export async function removeServerFromFile(path: string, name: string): Promise<boolean> {
  const data = await readObject(path, false);
  if (!data) return false;
  const holder = serversOf(data, path, false);
  if (!holder || !serverIn(holder, name)) return false;
  if (Array.isArray(holder.servers)) {
    holder.servers.splice(holder.servers.findIndex((s) => isRecord(s) && s.name === name), 1);
  } else {
    delete holder.servers[name];
  }
  await writeObject(path, data);
  return true;
}

/** Whether `path` defines server `name`. */
export async function fileHasServer(path: string, name: string): Promise<boolean> {
  const data = await readObject(path, false);
  const holder = data ? serversOf(data, path, false) : undefined;
  return holder !== undefined && serverIn(holder, name);
}

type Holder = { servers: Record<string, unknown> | unknown[] };

function serverIn(holder: Holder, name: string): boolean {
  return Array.isArray(holder.servers)
    ? holder.servers.some((s) => isRecord(s) && s.name === name)
    : Object.hasOwn(holder.servers, name);
}

/** The object or array that holds the servers (created when `create`). */
function serversOf(
  data: Record<string, unknown>,
  path: string,
  create: boolean,
): Holder | undefined {
  const nested = isRecord(data.nanocoder) ? data.nanocoder : undefined;
  const existing = nested?.mcpServers ?? data.mcpServers;
  if (existing !== undefined) {
    if (!isRecord(existing) && !Array.isArray(existing)) {
      throw new ConfigError(
        `Invalid config "${path}": "mcpServers" is neither an object nor an array`,
      );
    }
    return { servers: existing };
  }
  if (!create) return undefined;
  const servers: Record<string, unknown> = {};
  if (path.endsWith(".mcp.json")) data.mcpServers = servers;
  else if (nested) nested.mcpServers = servers;
  else data.nanocoder = { mcpServers: servers };
  return { servers };
}

async function readObject(path: string, create?: true): Promise<Record<string, unknown>>;
async function readObject(
  path: string,
  create: false,
): Promise<Record<string, unknown> | undefined>;
async function readObject(path: string, create = true) {
  // A FIFO or /dev/zero named like a config file is refused, not waited on.
  const text = await readConfigForUpdate(path);
  if (text === undefined) return create ? {} : undefined;
  const data = text.trim() === "" ? {} : parseJsonText(text, path);
  if (!isRecord(data)) throw new ConfigError(`Invalid config "${path}": expected a JSON object`);
  return data;
}

async function writeObject(path: string, data: Record<string, unknown>): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const mode = await Deno.stat(path).then((s) => s.mode ?? undefined, () => undefined);
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(temp, `${JSON.stringify(data, null, 2)}\n`, {
      ...(mode === undefined ? {} : { mode: mode & 0o777 }),
    });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw new ConfigError(`Cannot write "${path}": ${(error as Error).message}`);
  }
}
