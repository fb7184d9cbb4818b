/**
 * Shell tricks for `bash_corpus_test.ts`: for each command line, what bash really runs
 * (recorded by the harness, argv by argv, in any order) and the verdict the allow list
 * below must get. Every bypass form of issue #11 item 4 is here.
 */

/** The allow list every entry is judged against (README's own `deno test*` included). */
export const CORPUS_ALLOW = [
  "ls",
  "ls *",
  "echo *",
  "cat *",
  "grep *",
  "git status",
  "deno test*",
  "npm test",
];

/** One trick. */
export interface CorpusEntry {
  command: string;
  /** Every command bash runs, as argv lists (the harness records them; order ignored). */
  ran: string[][];
  /** The expected verdict: runs without asking, or asked about. */
  verdict: "preapproved" | "asked";
  /** Files the line creates in its working directory (redirections). */
  creates?: string[];
  /** Extra environment for bash. */
  env?: Record<string, string>;
  /**
   * TCP connections bash opened to the harness's listener on 127.0.0.1, whose port
   * replaces `{PORT}` in the command (default 0).
   */
  connects?: number;
}

const HOME = "/home/corpus";
const touch = ["touch", "pwned"];

/** HOME as the harness sets it, for entries that expand `~` or `$HOME`. */
export const CORPUS_HOME = HOME;

export const CORPUS: CorpusEntry[] = [
  // The bypasses of issue #11 item 4: a hidden second command under `ls *` / `deno test*`.
  { command: "ls #'\ntouch pwned #'", ran: [["ls"], touch], verdict: "asked" },
  {
    command: "ls #'\nrm -rf ../victim #'",
    ran: [["ls"], ["rm", "-rf", "../victim"]],
    verdict: "asked",
  },
  { command: "deno test #'\ntouch pwned #'", ran: [["deno", "test"], touch], verdict: "asked" },
  {
    command: "ls $'\\''; touch pwned; echo $'\\''",
    ran: [["ls", "'"], touch, ["echo", "'"]],
    verdict: "asked",
  },
  { command: "ls <<EOF\n'\nEOF\ntouch pwned\necho '", ran: [["ls"], touch], verdict: "asked" },
  {
    command: "ls ${x@P}",
    env: { x: "$(touch pwned)" },
    ran: [touch, ["ls"]],
    verdict: "asked",
  },
  // Separators: every command of the chain must be allowed.
  { command: "ls; touch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls;touch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls && touch pwned", ran: [["ls"], touch], verdict: "asked" },
  {
    command: "ls || touch pwned",
    env: { REC_STATUS: "1" }, // the recorded ls fails
    ran: [["ls"], touch],
    verdict: "asked",
  },
  { command: "ls | touch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls |& touch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls & touch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls\ntouch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls &&\ntouch pwned", ran: [["ls"], touch], verdict: "asked" },
  { command: "ls \\\\; touch pwned", ran: [["ls", "\\"], touch], verdict: "asked" },
  {
    command: "ls -la | grep x && git status",
    ran: [["ls", "-la"], ["grep", "x"], ["git", "status"]],
    verdict: "preapproved",
  },
  { command: "ls; ", ran: [["ls"]], verdict: "preapproved" },
  // Quoting that keeps everything one argument of an allowed command.
  { command: "ls \\;touch pwned", ran: [["ls", ";touch", "pwned"]], verdict: "preapproved" },
  { command: "ls '; touch pwned'", ran: [["ls", "; touch pwned"]], verdict: "preapproved" },
  { command: 'ls "; touch pwned"', ran: [["ls", "; touch pwned"]], verdict: "preapproved" },
  {
    command: 'ls "a\\"; touch pwned; echo \\""',
    ran: [["ls", 'a"; touch pwned; echo "']],
    verdict: "preapproved",
  },
  { command: "ls \\\ntouch pwned", ran: [["ls", "touch", "pwned"]], verdict: "preapproved" },
  { command: "ls a#b", ran: [["ls", "a#b"]], verdict: "preapproved" },
  { command: "ls ''#'\ntouch pwned'", ran: [["ls", "#\ntouch pwned"]], verdict: "preapproved" },
  { command: "ls a\\ #b", ran: [["ls", "a #b"]], verdict: "preapproved" },
  { command: "ls {a,b}", ran: [["ls", "a", "b"]], verdict: "asked" },
  { command: "ls *", ran: [["ls", "*"]], verdict: "preapproved" },
  { command: "ls ~ $HOME ${HOME}", ran: [["ls", HOME, HOME, HOME]], verdict: "preapproved" },
  { command: "ls 2>&1 >/dev/null </dev/null", ran: [["ls"]], verdict: "preapproved" },
  { command: "ls\ttouch", ran: [["ls", "touch"]], verdict: "preapproved" },
  // Line continuations: bash deletes backslash-newline before it reads words (found by the
  // random-line test: tree-sitter reads it as a blank).
  { command: "ls x\n\\\ntouch pwned", ran: [["ls", "x"], touch], verdict: "asked" },
  { command: "ls >&1\\\npwned", ran: [["ls"]], verdict: "asked", creates: ["1pwned"] },
  { command: "l\\\ns", ran: [["ls"]], verdict: "asked" },
  { command: "ls \\\n -la", ran: [["ls", "-la"]], verdict: "preapproved" },
  // Comments, whatever they hide, are never preapproved.
  { command: "ls # note", ran: [["ls"]], verdict: "asked" },
  { command: "ls # x \\\ntouch pwned", ran: [["ls"], touch], verdict: "asked" },
  // ANSI-C and locale quoting.
  { command: "ls $'a\\nb'", ran: [["ls", "a\nb"]], verdict: "asked" },
  { command: "ls $'#'; touch pwned", ran: [["ls", "#"], touch], verdict: "asked" },
  { command: 'echo $"hi"', ran: [["echo", "hi"]], verdict: "asked" },
  // Here-documents and here-strings.
  { command: "cat <<EOF\n$(touch pwned)\nEOF", ran: [touch, ["cat"]], verdict: "asked" },
  { command: "cat <<'EOF'\n$(touch pwned)\nEOF", ran: [["cat"]], verdict: "asked" },
  { command: "cat <<< $(touch pwned)", ran: [touch, ["cat"]], verdict: "asked" },
  { command: "cat <<EOF\nEOF\ntouch pwned", ran: [["cat"], touch], verdict: "asked" },
  // Substitutions and expansions that run commands.
  { command: "ls $(touch pwned)", ran: [touch, ["ls"]], verdict: "asked" },
  { command: "ls `touch pwned`", ran: [touch, ["ls"]], verdict: "asked" },
  { command: 'ls "$(touch pwned)"', ran: [touch, ["ls", ""]], verdict: "asked" },
  { command: "ls <(touch pwned)", ran: [touch, ["ls", "/dev/fd/63"]], verdict: "asked" },
  { command: "ls >(touch pwned)", ran: [touch, ["ls", "/dev/fd/63"]], verdict: "asked" },
  { command: "ls ${x:-$(touch pwned)}", ran: [touch, ["ls"]], verdict: "asked" },
  { command: "ls ${x:=$(touch pwned)}", ran: [touch, ["ls"]], verdict: "asked" },
  { command: "ls ${x[$(touch pwned)]}", ran: [touch, ["ls"]], verdict: "asked" },
  { command: "ls $((x[$(touch pwned)]))", ran: [touch, ["ls", "0"]], verdict: "asked" },
  { command: "ls $[$(touch pwned)]", ran: [touch, ["ls", "0"]], verdict: "asked" },
  {
    command: "ls $x",
    env: { x: "$(touch pwned)" },
    ran: [["ls", "$(touch", "pwned)"]],
    verdict: "preapproved",
  },
  // Brace expansion and names that are not a plain program.
  { command: "{touch,pwned}", ran: [touch], verdict: "asked" },
  { command: "ls; {touch,pwned}", ran: [["ls"], touch], verdict: "asked" },
  { command: "$x pwned", env: { x: "touch" }, ran: [touch], verdict: "asked" },
  { command: "l\\s", ran: [["ls"]], verdict: "asked" },
  { command: "ls\u00a0touch pwned", ran: [["ls\u00a0touch", "pwned"]], verdict: "asked" },
  { command: "ls\r; touch pwned", ran: [["ls\r"], touch], verdict: "asked" },
  // Assignments and prefixes that change what an allowed program does.
  { command: "GIT_PAGER=x git status", ran: [["git", "status"]], verdict: "asked" },
  { command: "x=1; ls", ran: [["ls"]], verdict: "asked" },
  { command: "export X=$(touch pwned)", ran: [touch, ["export", "X="]], verdict: "asked" },
  // Groups, control flow, functions.
  { command: "{ ls; touch pwned; }", ran: [["ls"], touch], verdict: "asked" },
  { command: "(ls; touch pwned)", ran: [["ls"], touch], verdict: "asked" },
  { command: "if ls; then touch pwned; fi", ran: [["ls"], touch], verdict: "asked" },
  { command: "for x in a; do touch pwned; done", ran: [touch], verdict: "asked" },
  { command: "case x in x) touch pwned ;; esac", ran: [touch], verdict: "asked" },
  { command: "f() { touch pwned; }; ls; f", ran: [["ls"], touch], verdict: "asked" },
  { command: "! ls", ran: [["ls"]], verdict: "asked" },
  { command: "time ls", ran: [["ls"]], verdict: "asked" },
  // Builtins that run other commands.
  { command: "ls; eval 'touch pwned'", ran: [["ls"], ["eval", "touch pwned"]], verdict: "asked" },
  {
    command: "ls; bash -c 'touch pwned'",
    ran: [["ls"], ["bash", "-c", "touch pwned"]],
    verdict: "asked",
  },
  { command: "ls; exec touch pwned", ran: [["ls"], ["exec", "touch", "pwned"]], verdict: "asked" },
  { command: "ls; . ./pwned.sh", ran: [["ls"], [".", "./pwned.sh"]], verdict: "asked" },
  // Redirections that write files.
  { command: "ls > pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls >> pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls 2>pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls &>pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls >&pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls >|pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls <>pwned", ran: [["ls"]], verdict: "asked", creates: ["pwned"] },
  { command: "ls > /dev/null", ran: [["ls"]], verdict: "preapproved" },
  // Input redirections: bash itself opens a TCP or UDP socket for /dev/tcp/HOST/PORT and
  // /dev/udp/HOST/PORT (no such file exists: `ls` running shows the socket opened), and
  // reads files outside the project as readily as inside. Only /dev/null and a plain
  // relative path in the project are plain input.
  { command: "ls < /dev/tcp/127.0.0.1/{PORT}", ran: [["ls"]], connects: 1, verdict: "asked" },
  { command: "ls </dev/tcp/127.0.0.1/{PORT}", ran: [["ls"]], connects: 1, verdict: "asked" },
  { command: "ls 0</dev/tcp/localhost/{PORT}", ran: [["ls"]], connects: 1, verdict: "asked" },
  { command: "echo x < /dev/udp/127.0.0.1/{PORT}", ran: [["echo", "x"]], verdict: "asked" },
  { command: "ls < ../prelude.sh", ran: [["ls"]], verdict: "asked" },
  // Brace expansion comes first: the target bash opens is what the braces make.
  { command: "ls < {/dev/tcp/127.0.0.1/{PORT},}", ran: [["ls"]], connects: 1, verdict: "asked" },
  { command: "echo .g{i,}t x{1..2}", ran: [["echo", ".git", ".gt", "x1", "x2"]], verdict: "asked" },
  { command: "ls < /dev/null", ran: [["ls"]], verdict: "preapproved" },
  // A missing input file: bash reports it and runs nothing.
  { command: "ls < notes.txt", ran: [], verdict: "preapproved" },
  // Syntax errors: bash runs what came before the error, the parser gives up on all.
  { command: "ls; touch pwned; echo 'unterminated", ran: [], verdict: "asked" },
  { command: "ls `", ran: [], verdict: "asked" },
  { command: "ls !(x)", ran: [], verdict: "asked" },
];

/**
 * Pieces of shell syntax the random-line test strings together after `ls `: operators,
 * quotes, escapes, expansions, keywords, line continuations, odd blanks and controls.
 */
export const FUZZ_TOKENS = [
  ...["ls", "ls -la", "echo", "echo x", "touch pwned", "pwned", "x", "a", "-la", "EOF"],
  ...[" ", " ", " ", "\t", "\n", "\u00a0", "\r", "\\\n", "\\", "\\'", '\\"', "\\\\"],
  ...[";", ";;", "&", "&&", "|", "||", "|&", "(", ")", "{", "}", "<", ">", "<<", "`"],
  ...["'", '"', "'a b'", '"a b"', "#", " #", "$", "$'", "${", "$(", "$HOME", "${x}", '"$x"'],
  ...["$#", "$$", "$@", "${#x}", "=", "x=1", "*", "~", "!", "[", "]", "-", ",", "%", "^"],
  ...["{a,b}", "/dev/null", "2>&1", "2>/dev/null", ">&2", "if", "then", "fi", "do", "done"],
  ...["time", "case", "in", "esac"],
];
