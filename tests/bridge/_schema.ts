/**
 * Checks recorded ACP messages against the protocol's JSON schema as the SDK ships it
 * (`@agentclientprotocol/sdk/schema/v1/schema.json`; the SDK's own zod schemas are not
 * exported): each request's params, each response's result (matched to its request's
 * method) or error, each notification's params.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import schema from "@agentclientprotocol/sdk/schema/v1/schema.json" with { type: "json" };
import type { RecordedMessage } from "../../src/bridge/client.ts";

type Defs = Record<string, { "x-method"?: string }>;

const ajv = new Ajv2020({ strict: false, allErrors: true });
// The schema's numeric formats, checked rather than ignored.
const whole = (min: number, max: number) => ({
  type: "number" as const,
  validate: (n: number) => Number.isInteger(n) && n >= min && n <= max,
});
ajv.addFormat("uint16", whole(0, 0xffff));
ajv.addFormat("uint32", whole(0, 0xffffffff));
ajv.addFormat("uint64", whole(0, Number.MAX_SAFE_INTEGER));
ajv.addFormat("int32", whole(-0x80000000, 0x7fffffff));
ajv.addFormat("int64", whole(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addSchema(schema, "acp");

/** Definitions by method: `{request, response, notification}` names from `x-method`. */
const byMethod = new Map<string, { request?: string; response?: string; notification?: string }>();
for (const [name, def] of Object.entries((schema as { $defs: Defs }).$defs)) {
  const method = def["x-method"];
  if (!method) continue;
  const entry = byMethod.get(method) ?? {};
  if (name.endsWith("Request")) entry.request = name;
  else if (name.endsWith("Response")) entry.response = name;
  else if (name.endsWith("Notification")) entry.notification = name;
  byMethod.set(method, entry);
}

function validator(def: string): ValidateFunction {
  const validate = ajv.getSchema(`acp#/$defs/${def}`);
  if (!validate) throw new Error(`No schema definition "${def}"`);
  return validate;
}

/**
 * Every violation in `messages`, one line each (empty when all are valid). Methods the
 * schema does not define (a test's deliberate unknown method) are skipped; their
 * error responses are still checked.
 */
export function schemaViolations(
  messages: readonly RecordedMessage[],
  only?: RecordedMessage["direction"],
): string[] {
  const problems: string[] = [];
  // Request ids per sender: each side numbers its own requests.
  const methods = { sent: new Map<unknown, string>(), received: new Map<unknown, string>() };
  let direction: RecordedMessage["direction"] = "sent";
  const check = (def: string | undefined, value: unknown, where: string) => {
    if (!def || (only && only !== direction)) return;
    const validate = validator(def);
    if (!validate(value ?? {})) {
      problems.push(`${where} (${def}): ${ajv.errorsText(validate.errors)}`);
    }
  };
  for (const recorded of messages) {
    direction = recorded.direction;
    const m = recorded.message as Record<string, unknown>;
    const where = `${direction} ${JSON.stringify(m).slice(0, 200)}`;
    if (m.jsonrpc !== "2.0" && (!only || only === direction)) {
      problems.push(`${where}: jsonrpc is not "2.0"`);
    }
    if (typeof m.method === "string") {
      const defs = byMethod.get(m.method);
      if ("id" in m) {
        // A null id cannot be told from another's (nor from an unparseable line's) answer.
        if (m.id !== null) methods[direction].set(m.id, m.method);
        check(defs?.request, m.params, where);
      } else {
        check(defs?.notification, m.params, where);
      }
      continue;
    }
    // A response answers a request the other side sent.
    const asked = methods[direction === "sent" ? "received" : "sent"].get(m.id);
    if ("error" in m) check("Error", m.error, where);
    else if (asked) check(byMethod.get(asked)?.response, m.result, where);
    else if (m.id !== null && (!only || only === direction)) {
      problems.push(`${where}: a response to no known request`);
    }
  }
  return problems;
}
