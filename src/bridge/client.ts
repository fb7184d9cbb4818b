/**
 * A typed ACP client on the SDK's client side: spawns an agent (`nanocoder --acp`, or
 * any ACP agent), speaks to it over its stdio, and keeps every JSON-RPC message both
 * ways, in order. The editor side is pluggable: permission answers, files and
 * terminals are the caller's handlers, and the capabilities it advertises follow them.
 *
 *   await using client = await AcpClient.spawn({ command: "nanocoder", args: ["--acp"] });
 *   await client.initialize();
 *   const { sessionId } = await client.newSession("/my/project");
 *   const { stopReason } = await client.prompt(sessionId, "fix the failing test");
 */
import * as acp from "@agentclientprotocol/sdk";

/** One JSON-RPC message and which way it went. */
export interface RecordedMessage {
  direction: "sent" | "received";
  message: acp.AnyMessage;
}

/** An editor's terminals, as the agent drives them (`terminal/*`). */
export interface TerminalHandlers {
  create(params: acp.CreateTerminalRequest): Promise<acp.CreateTerminalResponse>;
  output(params: acp.TerminalOutputRequest): Promise<acp.TerminalOutputResponse>;
  waitForExit(params: acp.WaitForTerminalExitRequest): Promise<acp.WaitForTerminalExitResponse>;
  kill(params: acp.KillTerminalRequest): Promise<void>;
  release(params: acp.ReleaseTerminalRequest): Promise<void>;
}

/** How to start the agent and what the editor side does. */
export interface AcpClientOptions {
  command: string;
  args?: string[];
  cwd?: string;
  /** The agent's whole environment (default: this process's). */
  env?: Record<string, string>;
  /** Answers `session/request_permission` (default: the `cancelled` outcome). */
  onPermission?: (
    request: acp.RequestPermissionRequest,
  ) => acp.RequestPermissionOutcome | Promise<acp.RequestPermissionOutcome>;
  /** The editor's files; each handler given is advertised in `fs`. */
  files?: {
    read?(params: acp.ReadTextFileRequest): Promise<string>;
    write?(params: acp.WriteTextFileRequest): Promise<void>;
  };
  /** The editor's terminals; advertised as `terminal: true` when given. */
  terminal?: TerminalHandlers;
  /** Answers an agent's form (`elicitation/create`); advertised as `elicitation.form`. */
  onElicitation?: (
    request: acp.CreateElicitationRequest,
  ) => acp.CreateElicitationResponse | Promise<acp.CreateElicitationResponse>;
  /** Extra client capabilities (notices…), merged over the ones derived above. */
  capabilities?: Partial<acp.ClientCapabilities>;
}

/** A running agent and the connection to it. */
export class AcpClient {
  /** Every message both ways, in the order they were written or read. */
  readonly messages: RecordedMessage[] = [];
  /** Lines of the agent's stdout that were not JSON (an agent must print nothing else). */
  readonly strayOutput: string[] = [];
  #child: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #connection: acp.ClientConnection;
  #capabilities: acp.ClientCapabilities;
  #updates: acp.SessionNotification[] = [];
  #watchers: (() => boolean)[] = [];
  #stderr = "";
  /** What `sendRaw` wrote of a line not ended yet. */
  #rawLine = "";
  #rawDecoder = new TextDecoder();
  #stderrDone: Promise<void>;

  private constructor(child: Deno.ChildProcess, options: AcpClientOptions) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#capabilities = {
      fs: { readTextFile: !!options.files?.read, writeTextFile: !!options.files?.write },
      terminal: !!options.terminal,
      ...(options.onElicitation ? { elicitation: { form: {} } } : {}),
      ...options.capabilities,
    };
    this.#stderrDone = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stderr) this.#stderr += decoder.decode(chunk);
    })();
    this.#connection = this.#app(options).connect(this.#tap(child));
  }

  /** Starts the agent and connects to it (call `initialize` next). */
  static spawn(options: AcpClientOptions): Promise<AcpClient> {
    const child = new Deno.Command(options.command, {
      args: options.args ?? [],
      cwd: options.cwd,
      env: options.env,
      clearEnv: options.env !== undefined,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    return Promise.resolve(new AcpClient(child, options));
  }

  /** The agent's side of the connection (any method, typed by the SDK). */
  get agent(): acp.ClientContext {
    return this.#connection.agent;
  }

  /** What the agent wrote on stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** The agent process id. */
  get pid(): number {
    return this.#child.pid;
  }

  initialize(): Promise<acp.InitializeResponse> {
    return this.agent.request(acp.methods.agent.initialize, {
      protocolVersion: acp.PROTOCOL_VERSION,
      clientCapabilities: this.#capabilities,
      clientInfo: { name: "nanocoder-acp-client", version: "1" },
    });
  }

  newSession(cwd: string, mcpServers: acp.McpServer[] = []): Promise<acp.NewSessionResponse> {
    return this.agent.request(acp.methods.agent.session.new, { cwd, mcpServers });
  }

  prompt(sessionId: string, prompt: string | acp.ContentBlock[]): Promise<acp.PromptResponse> {
    const blocks = typeof prompt === "string" ? [{ type: "text" as const, text: prompt }] : prompt;
    return this.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: blocks });
  }

  cancel(sessionId: string): Promise<void> {
    return this.agent.notify(acp.methods.agent.session.cancel, { sessionId });
  }

  async setMode(sessionId: string, modeId: string): Promise<void> {
    await this.agent.request(acp.methods.agent.session.setMode, { sessionId, modeId });
  }

  async closeSession(sessionId: string): Promise<void> {
    await this.agent.request(acp.methods.agent.session.close, { sessionId });
  }

  /** The session updates received so far (of one session, or all). */
  updates(sessionId?: string): acp.SessionUpdate[] {
    return this.#updates
      .filter((n) => sessionId === undefined || n.sessionId === sessionId)
      .map((n) => n.update);
  }

  /** Resolves once an update matching `match` has arrived (also one already received). */
  waitForUpdate(match: (update: acp.SessionUpdate) => boolean): Promise<acp.SessionUpdate> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.updates().find(match);
        if (found) resolve(found);
        return !!found;
      };
      if (!check()) this.#watchers.push(check);
    });
  }

  /**
   * Writes raw text or bytes to the agent's stdin (malformed input, hand-made requests,
   * a line in several writes); each line that is a JSON object is recorded as sent once
   * its newline is written.
   */
  async sendRaw(raw: string | Uint8Array): Promise<void> {
    const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
    const lines = (this.#rawLine + this.#rawDecoder.decode(bytes, { stream: true })).split("\n");
    this.#rawLine = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const message = JSON.parse(line);
        if (message && typeof message === "object" && !Array.isArray(message)) {
          this.messages.push({ direction: "sent", message });
        }
      } catch { /* not JSON: sent as it is */ }
    }
    await this.#stdin.write(bytes);
  }

  /** Resolves with the first received message matching `match` (also one already read). */
  waitForMessage(match: (message: Record<string, unknown>) => boolean): Promise<acp.AnyMessage> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.messages.find((m) =>
          m.direction === "received" && match(m.message as Record<string, unknown>)
        );
        if (found) resolve(found.message);
        return !!found;
      };
      if (!check()) this.#watchers.push(check);
    });
  }

  /** Closes the agent's stdin and waits for it to exit; kills it after `graceMs`. */
  async close(graceMs = 10_000): Promise<Deno.CommandStatus> {
    await this.#stdin.close().catch(() => {});
    const timer = setTimeout(() => {
      try {
        this.#child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, graceMs);
    try {
      const status = await this.#child.status;
      await this.#stderrDone;
      this.#connection.close();
      return status;
    } finally {
      clearTimeout(timer);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #app(options: AcpClientOptions): acp.ClientApp {
    let app = acp.client({ name: "nanocoder-acp-client" })
      .onNotification(acp.methods.client.session.update, ({ params }) => {
        this.#updates.push(params);
        this.#watchers = this.#watchers.filter((check) => !check());
      })
      .onRequest(acp.methods.client.session.requestPermission, async ({ params }) => ({
        outcome: options.onPermission
          ? await options.onPermission(params)
          : { outcome: "cancelled" as const },
      }));
    const { files, terminal, onElicitation } = options;
    if (onElicitation) {
      app = app.onRequest(
        acp.methods.client.elicitation.create,
        async ({ params }) => await onElicitation(params),
      );
    }
    if (files?.read) {
      const read = files.read;
      app = app.onRequest(
        acp.methods.client.fs.readTextFile,
        async ({ params }) => ({ content: await read(params) }),
      );
    }
    if (files?.write) {
      const write = files.write;
      app = app.onRequest(acp.methods.client.fs.writeTextFile, async ({ params }) => {
        await write(params);
        return {};
      });
    }
    if (terminal) {
      const t = acp.methods.client.terminal;
      app = app
        .onRequest(t.create, ({ params }) => terminal.create(params))
        .onRequest(t.output, ({ params }) => terminal.output(params))
        .onRequest(t.waitForExit, ({ params }) => terminal.waitForExit(params))
        .onRequest(t.kill, async ({ params }) => (await terminal.kill(params), {}))
        .onRequest(t.release, async ({ params }) => (await terminal.release(params), {}));
    }
    return app;
  }

  /** Passes the agent's stdout through, noting every line that is not JSON. */
  #strayLines(): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder();
    let partial = "";
    const check = (line: string) => {
      if (line.trim() === "") return;
      try {
        JSON.parse(line);
      } catch {
        this.strayOutput.push(line);
      }
    };
    return new TransformStream({
      transform: (chunk, controller) => {
        const lines = (partial + decoder.decode(chunk, { stream: true })).split("\n");
        partial = lines.pop() ?? "";
        lines.forEach(check);
        controller.enqueue(chunk);
      },
      flush: () => check(partial),
    });
  }

  /** The agent's stdio as an ACP stream that records every message. */
  #tap(child: Deno.ChildProcess): acp.Stream {
    const stdin = this.#stdin;
    const stream = acp.ndJsonStream(
      new WritableStream<Uint8Array>({ write: (chunk) => stdin.write(chunk) }),
      child.stdout.pipeThrough(this.#strayLines()),
    );
    const writer = stream.writable.getWriter();
    return {
      readable: stream.readable.pipeThrough(
        new TransformStream<acp.AnyMessage, acp.AnyMessage>({
          transform: (message, controller) => {
            this.messages.push({ direction: "received", message });
            this.#watchers = this.#watchers.filter((check) => !check());
            controller.enqueue(message);
          },
        }),
      ),
      writable: new WritableStream<acp.AnyMessage>({
        write: (message) => {
          this.messages.push({ direction: "sent", message });
          return writer.write(message);
        },
      }),
    };
  }
}
