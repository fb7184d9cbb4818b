/**
 * The tool registry: built-in and MCP tools side by side, one namespace.
 *
 * Tools whose Deno permissions are not granted are kept out of the enabled set and
 * listed as disabled with the reason, never crashed on.
 */
import { z } from "zod";
import type { ToolSpec } from "../ai/types.ts";
import type { AnyTool } from "./tool.ts";

/** A tool that is registered but cannot be used, and why. */
export interface DisabledTool {
  name: string;
  reason: string;
}

/** Holds the tools the model may call. */
export class ToolRegistry {
  #tools = new Map<string, AnyTool>();
  #disabled = new Map<string, string>();
  #specCache = new Map<AnyTool, ToolSpec>();
  #blocked: (name: string) => string | undefined = () => undefined;

  /**
   * Tools the user turned off (`disabledTools`): `reasonFor(name)` says why, or undefined.
   * Such a tool is never enabled, whoever registers it (a built-in, an MCP server later).
   */
  block(reasonFor: (name: string) => string | undefined): void {
    this.#blocked = reasonFor;
  }

  /** Adds a tool; a second tool with the same name is a programming error, a blocked one is refused. */
  register(tool: AnyTool): void {
    if (this.#tools.has(tool.name) || this.#disabled.has(tool.name)) {
      throw new Error(`Tool "${tool.name}" is already registered`);
    }
    const blocked = this.#blocked(tool.name);
    if (blocked) throw new Error(blocked);
    this.#tools.set(tool.name, tool);
  }

  /**
   * Adds a tool if its Deno permissions are granted and the user did not turn it off, else
   * records it as disabled. Returns whether it was enabled.
   */
  async registerIfPermitted(tool: AnyTool, cwd?: string): Promise<boolean> {
    const blocked = this.#blocked(tool.name);
    if (blocked) {
      this.disable(tool.name, blocked);
      return false;
    }
    const missing = await this.checkPermissions(tool, cwd);
    if (missing) {
      this.disable(tool.name, missing);
      return false;
    }
    this.register(tool);
    return true;
  }

  /**
   * The reason `tool` cannot run here (a permission not granted), or undefined.
   * A read or write permission without a path is asked for `cwd`, the project: file
   * tools are confined to it, so `--allow-read=.` is all they need.
   */
  checkPermissions(tool: AnyTool, cwd?: string): Promise<string | undefined> {
    const descriptors = (tool.permissions ?? []).map((d) =>
      (d.name === "read" || d.name === "write") && !d.path && cwd ? { ...d, path: cwd } : d
    );
    return missingPermission(descriptors);
  }

  /** Records a tool as unavailable (missing permission, no backend configured...). */
  disable(name: string, reason: string): void {
    this.#tools.delete(name);
    this.#disabled.set(name, reason);
  }

  /** Removes a tool (an MCP server went away). */
  unregister(name: string): void {
    const tool = this.#tools.get(name);
    if (tool) this.#specCache.delete(tool);
    this.#tools.delete(name);
    this.#disabled.delete(name);
  }

  get(name: string): AnyTool | undefined {
    return this.#tools.get(name);
  }

  /** Enabled tools in registration order. */
  list(): AnyTool[] {
    return [...this.#tools.values()];
  }

  names(): string[] {
    return [...this.#tools.keys()];
  }

  disabled(): DisabledTool[] {
    return [...this.#disabled].map(([name, reason]) => ({ name, reason }));
  }

  /** The tools as sent to the model, JSON Schema derived once per tool. */
  specs(filter?: (tool: AnyTool) => boolean): ToolSpec[] {
    return this.list().filter((t) => !filter || filter(t)).map((tool) => {
      let spec = this.#specCache.get(tool);
      if (!spec) {
        spec = {
          type: "function",
          function: {
            name: tool.name,
            description: tool.description,
            parameters: tool.jsonSchema ?? toJsonSchema(tool.schema),
          },
        };
        this.#specCache.set(tool, spec);
      }
      return spec;
    });
  }
}

/**
 * JSON Schemas by zod schema object: converted once per process (a tool's schema is a
 * module constant, shared by every session), or seeded from the built-ins' precomputed
 * file (tools/mod.ts), which spares the first request of every start the conversion.
 */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** Records the JSON Schema of `schema`, computed ahead of time (builtin_schemas.json). */
export function seedJsonSchema(schema: z.ZodType, json: Record<string, unknown>): void {
  jsonSchemas.set(schema, json);
}

/** zod → JSON Schema as the OpenAI tools API wants it (no `$schema` key), cached. */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (!json) jsonSchemas.set(schema, json = convertToJsonSchema(schema));
  return json;
}

/** The conversion itself, uncached (the precomputed file is checked against it). */
export function convertToJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

/** The first permission of `descriptors` that is not granted, as a readable reason. */
async function missingPermission(
  descriptors: Deno.PermissionDescriptor[],
): Promise<string | undefined> {
  for (const descriptor of descriptors) {
    const status = await Deno.permissions.query(descriptor);
    if (status.state !== "granted") {
      const scope = "path" in descriptor && descriptor.path
        ? descriptor.path
        : "host" in descriptor && descriptor.host
        ? descriptor.host
        : "command" in descriptor && descriptor.command
        ? descriptor.command
        : undefined;
      const flag = scope ? `--allow-${descriptor.name}=${scope}` : `--allow-${descriptor.name}`;
      return `Needs ${describePermission(descriptor)}: run with ${flag}`;
    }
  }
  return undefined;
}

function describePermission(d: Deno.PermissionDescriptor): string {
  switch (d.name) {
    case "run":
      return d.command ? `permission to run "${d.command}"` : "run permission";
    case "net":
      return d.host ? `network access to "${d.host}"` : "network access";
    case "read":
    case "write":
      return `${d.name} access${d.path ? ` to "${d.path}"` : ""}`;
    case "env":
      return `env access${d.variable ? ` to "${d.variable}"` : ""}`;
    default:
      return `${d.name} permission`;
  }
}
