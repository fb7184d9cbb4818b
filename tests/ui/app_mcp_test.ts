/**
 * MCP in the real UI on a fake session: /mcp shows each server's state, tools, prompts
 * and resources and signs in to one that needs it; a server's prompt runs as
 * `/mcp__server__prompt args`; `@server:uri` completes and attaches a resource; an
 * elicitation is a form.
 */
import assert from "node:assert/strict";
import { KEY, mountApp } from "./_app.ts";
import { assertSnapshot } from "./_snapshot.ts";
import type { AgentEventBody } from "../../src/protocol.ts";

const EVERYTHING: AgentEventBody = {
  type: "mcp_status",
  server: "everything",
  state: "connected",
  tools: ["echo", "get-sum"],
  prompts: [
    { name: "simple-prompt", description: "A prompt without arguments", arguments: [] },
    {
      name: "args-prompt",
      description: "A prompt with arguments",
      arguments: [
        { name: "city", description: "Name of the city", required: true },
        { name: "state", description: "Name of the state", required: false },
      ],
    },
  ],
  resourceCount: 7,
};

Deno.test("/mcp shows state, tools, prompts and resources, and signs in to a server that needs it", async () => {
  const app = await mountApp({ rows: 40 });
  try {
    app.engine.emit(EVERYTHING);
    app.engine.emit({
      type: "mcp_status",
      server: "linear",
      state: "needs_login",
      tools: [],
      error: "Sign-in needed: nanocoder mcp login linear",
    });
    app.engine.emit({
      type: "mcp_status",
      server: "broken",
      state: "failed",
      tools: [],
      error: "spawn nope ENOENT",
    });
    await app.ui.waitFor((f) => f.includes('MCP server "linear" needs a sign-in'));
    await app.command("/mcp");
    const frame = await app.ui.waitFor((f) => f.includes("Sign in to an MCP server?"));
    await assertSnapshot("mcp_panel", frame);
    await app.type(KEY.enter); // Sign in to linear
    await app.ui.waitFor(() => app.engine.opsOf("mcp_login").length === 1);
    assert.deepEqual(app.engine.opsOf("mcp_login"), [
      { type: "mcp_login", server: "linear", openBrowser: true },
    ]);
    const login = app.engine.ops.find((s) => s.op.type === "mcp_login")!;
    const url = "https://auth.example.com/authorize?client_id=nanocoder&redirect_uri=" +
      "http%3A%2F%2F127.0.0.1%3A33418%2Fcallback&code_challenge=abcdefghijklmnopqrstuvwxyz";
    app.engine.emit({ type: "mcp_login_url", server: "linear", url }, { submissionId: login.id });
    const shown = await app.ui.waitFor((f) => f.includes("Waiting for the sign-in"));
    // The URL is printed from the first column, in pieces as wide as the screen.
    assert.ok(shown.split("\n").join("").includes(url.slice(0, 79)), shown);
    app.engine.emit({
      type: "mcp_status",
      server: "linear",
      state: "connected",
      tools: ["issues"],
    });
    await app.ui.waitFor((f) => f.includes('Signed in to MCP server "linear" (1 tools)'));
  } finally {
    app.unmount();
  }
});

Deno.test("/mcp login NAME signs in directly; an unknown name is refused with the names known", async () => {
  const app = await mountApp();
  try {
    app.engine.emit(EVERYTHING);
    await app.command("/mcp login nope");
    await app.ui.waitFor((f) =>
      f.includes("Sign in to which MCP server? /mcp login NAME (everything)")
    );
    await app.command("/mcp login everything");
    await app.ui.waitFor(() => app.engine.opsOf("mcp_login").length === 1);
  } finally {
    app.unmount();
  }
});

Deno.test("a server's prompts complete as /mcp__server__prompt and run with their arguments", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    app.engine.emit(EVERYTHING);
    await app.ui.waitFor(() => app.store.state.status.mcp.has("everything"));
    await app.type("/mcp__every");
    const menu = await app.ui.waitFor((f) => f.includes("/mcp__everything__args-prompt"));
    assert.match(
      menu,
      /\/mcp__everything__args-prompt\s+<city> \[state\] · A prompt with arguments/,
    );
    await app.type(KEY.down); // the second one: args-prompt
    await app.type(KEY.tab);
    await app.type('"New York"');
    await app.type(KEY.enter);
    await app.ui.waitFor(() => app.engine.opsOf("prompt").length === 1);
    assert.deepEqual(await app.engine.opOf("prompt"), {
      type: "prompt",
      content: [{
        type: "mcp_prompt",
        server: "everything",
        name: "args-prompt",
        arguments: { city: "New York" },
      }],
    });
    await app.ui.waitFor((f) => f.includes('❯ /mcp__everything__args-prompt "New York"'));
  } finally {
    app.unmount();
  }
});

Deno.test("/help lists the servers' prompts with their arguments", async () => {
  const app = await mountApp({ rows: 60 });
  try {
    app.engine.emit(EVERYTHING);
    await app.ui.waitFor(() => app.store.state.status.mcp.has("everything"));
    await app.command("/help");
    const frame = await app.ui.waitFor((f) => f.includes("MCP prompts"));
    assert.match(
      frame,
      /\/mcp__everything__args-prompt\s+<city> \[state\] · A prompt with arguments/,
    );
  } finally {
    app.unmount();
  }
});

Deno.test("a required argument left out is asked for; named ones go by name", async () => {
  const app = await mountApp();
  try {
    app.engine.emit(EVERYTHING);
    await app.ui.waitFor(() => app.store.state.status.mcp.has("everything"));
    await app.command("/mcp__everything__args-prompt state=Texas");
    await app.ui.waitFor((f) => f.includes("city (for everything's prompt args-prompt)"));
    await app.type("Austin");
    await app.type(KEY.enter);
    await app.ui.waitFor(() => app.engine.opsOf("prompt").length === 1);
    const [block] = (await app.engine.opOf("prompt")).content!;
    assert.deepEqual(block.type === "mcp_prompt" && block.arguments, {
      city: "Austin",
      state: "Texas",
    });
  } finally {
    app.unmount();
  }
});

Deno.test("@server: completes the server's resources and attaches the one mentioned", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    app.engine.emit(EVERYTHING);
    await app.ui.waitFor(() => app.store.state.status.mcp.has("everything"));
    app.engine.onSubmit = (s) => {
      if (s.op.type !== "list_mcp_resources") return;
      app.engine.emit({
        type: "mcp_resources",
        resources: [
          {
            server: "everything",
            uri: "demo://resource/static/document/architecture.md",
            name: "architecture.md",
            description: "The architecture",
          },
          {
            server: "everything",
            uri: "demo://resource/static/document/README.md",
            name: "README.md",
          },
        ],
      }, { submissionId: s.id });
    };
    await app.type("read @everything:arch");
    const menu = await app.ui.waitFor((f) =>
      f.includes("everything:architecture.md  The architecture")
    );
    assert.ok(!menu.includes("README.md"), menu);
    await app.type(KEY.tab);
    await app.ui.waitFor((f) =>
      f.includes("> read @everything:demo://resource/static/document/architecture.md")
    );
    await app.type(KEY.enter);
    await app.ui.waitFor(() => app.engine.opsOf("prompt").length === 1);
    assert.deepEqual((await app.engine.opOf("prompt")).content, [
      { type: "text", text: "read @everything:demo://resource/static/document/architecture.md " },
      {
        type: "mcp_resource",
        server: "everything",
        uri: "demo://resource/static/document/architecture.md",
      },
    ]);
    assert.equal(app.engine.opsOf("list_mcp_resources").length, 1, "listed once");
  } finally {
    app.unmount();
  }
});

Deno.test("an elicitation is a form: the answers go back to the server, Esc declines", async () => {
  const app = await mountApp({ rows: 30 });
  try {
    app.engine.emit({
      type: "elicitation_request",
      requestId: "elicitation_1",
      server: "everything",
      message: "Tell us about you",
      fields: {
        name: { type: "string", title: "Your name" },
        color: { type: "string", enum: ["red", "green"], default: "green" },
        subscribe: { type: "boolean", description: "Get the news" },
        age: { type: "integer" },
      },
      required: ["name"],
      defaults: { color: "green" },
    });
    await app.ui.waitFor((f) => f.includes('MCP server "everything" asks for input'));
    await app.type(KEY.enter); // Answer
    await app.ui.waitFor((f) => f.includes("Your name"));
    await app.type("Ada");
    await app.type(KEY.enter);
    const color = await app.ui.waitFor((f) => f.includes("color (optional)"));
    assert.match(color, /❯ 2\. green/); // the default is selected
    await app.type(KEY.enter);
    await app.ui.waitFor((f) => f.includes("Get the news"));
    await app.type(KEY.down);
    await app.type(KEY.enter); // No
    await app.ui.waitFor((f) => f.includes("age (optional)"));
    await app.type("36");
    await app.type(KEY.enter);
    await app.ui.waitFor(() => app.engine.opsOf("elicitation_response").length === 1);
    assert.deepEqual(app.engine.opsOf("elicitation_response")[0], {
      type: "elicitation_response",
      requestId: "elicitation_1",
      action: "accept",
      content: { name: "Ada", color: "green", subscribe: false, age: 36 },
    });
    app.engine.emit({
      type: "elicitation_request",
      requestId: "elicitation_2",
      server: "everything",
      message: "Again?",
      fields: { name: { type: "string" } },
      required: [],
      defaults: {},
    });
    await app.ui.waitFor((f) => f.includes("Again?"));
    await app.type(KEY.escape);
    await app.ui.waitFor(() => app.engine.opsOf("elicitation_response").length === 2);
    assert.equal(app.engine.opsOf("elicitation_response")[1].action, "decline");
  } finally {
    app.unmount();
  }
});
