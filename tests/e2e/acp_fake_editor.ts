/**
 * An editor's side of ACP for the tests: terminals that run commands as Zed does
 * (a process per terminal, output kept up to the byte limit from the end, kill,
 * release), and files with unsaved buffers that shadow the disk.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AcpClientOptions, TerminalHandlers } from "../../src/bridge/client.ts";

interface Term {
  child: Deno.ChildProcess;
  output: string;
  limit?: number;
  exit: Promise<Deno.CommandStatus>;
  request: acp.CreateTerminalRequest;
  released: boolean;
}

/** Editor terminals backed by local processes; `created` lists every request. */
export class FakeTerminals implements TerminalHandlers {
  readonly created: acp.CreateTerminalRequest[] = [];
  readonly killed: string[] = [];
  readonly released: string[] = [];
  #terms = new Map<string, Term>();

  create(params: acp.CreateTerminalRequest): Promise<acp.CreateTerminalResponse> {
    this.created.push(params);
    const child = new Deno.Command(params.command, {
      args: params.args ?? [],
      cwd: params.cwd ?? undefined,
      env: Object.fromEntries((params.env ?? []).map((v) => [v.name, v.value])),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const term: Term = {
      child,
      output: "",
      limit: params.outputByteLimit ?? undefined,
      request: params,
      released: false,
      exit: Promise.resolve(null as unknown as Deno.CommandStatus),
    };
    const pipes = [child.stdout, child.stderr].map(async (stream) => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) term.output += decoder.decode(chunk, { stream: true });
    });
    term.exit = Promise.all(pipes).then(() => child.status);
    const terminalId = `term-${this.#terms.size + 1}`;
    this.#terms.set(terminalId, term);
    return Promise.resolve({ terminalId });
  }

  async output(params: acp.TerminalOutputRequest): Promise<acp.TerminalOutputResponse> {
    const term = this.#term(params.terminalId);
    const done = await Promise.race([term.exit, Promise.resolve(undefined)]);
    return { ...this.#kept(term), ...(done ? { exitStatus: exitOf(done) } : {}) };
  }

  async waitForExit(params: acp.WaitForTerminalExitRequest) {
    return exitOf(await this.#term(params.terminalId).exit);
  }

  kill(params: acp.KillTerminalRequest): Promise<void> {
    this.killed.push(params.terminalId);
    try {
      this.#term(params.terminalId).child.kill("SIGKILL");
    } catch { /* already ended */ }
    return Promise.resolve();
  }

  async release(params: acp.ReleaseTerminalRequest): Promise<void> {
    this.released.push(params.terminalId);
    const term = this.#term(params.terminalId);
    term.released = true;
    try {
      term.child.kill("SIGKILL");
    } catch { /* already ended */ }
    await term.exit;
  }

  #kept(term: Term): { output: string; truncated: boolean } {
    const bytes = new TextEncoder().encode(term.output);
    if (term.limit === undefined || bytes.length <= term.limit) {
      return { output: term.output, truncated: false };
    }
    return {
      output: new TextDecoder().decode(bytes.subarray(bytes.length - term.limit)),
      truncated: true,
    };
  }

  #term(id: string): Term {
    const term = this.#terms.get(id);
    if (!term) throw new Error(`Unknown terminal "${id}"`);
    return term;
  }
}

function exitOf(status: Deno.CommandStatus): acp.WaitForTerminalExitResponse {
  return status.signal ? { exitCode: null, signal: status.signal } : { exitCode: status.code };
}

/** Files as an editor has them: open buffers with unsaved text, then the disk. */
export class FakeFiles {
  readonly reads: string[] = [];
  readonly writes: { path: string; content: string }[] = [];
  /** Unsaved text of open buffers, by absolute path. */
  readonly buffers = new Map<string, string>();

  handlers(): NonNullable<AcpClientOptions["files"]> {
    return {
      read: async ({ path }) => {
        this.reads.push(path);
        return this.buffers.get(path) ?? await Deno.readTextFile(path);
      },
      write: async ({ path, content }) => {
        this.writes.push({ path, content });
        this.buffers.delete(path);
        await Deno.writeTextFile(path, content);
      },
    };
  }
}
