import fs from "node:fs";
import { terminalText } from "../report/escape-text.js";
import { Command, CommanderError, Option } from "commander";
import { EXIT, UsageError } from "./errors.js";
import { FIELDS } from "../config/team-fields.js";
import { COMMAND_FORMATS, formatOf } from "./format.js";
import { ConfigReadError } from "../config/read-text.js";
import { WriteError } from "../util/write-file.js";

const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/* Commands import their stages lazily: `strangler --help` must not load ts-morph or node-sql-parser. */
const program = new Command()
  .name("strangler")
  .description("Plans the move of a monolith to microservices from evidence: code, SQL, and the graph between them.")
  .version(pkg.version, "-V, --version")
  .option("--color", "colour the output even when it is not a terminal (also: FORCE_COLOR=1)")
  .option("--no-color", "never colour the output (also: NO_COLOR=1; by default colour only on a terminal)")
  .option("-q, --quiet", "on stderr, errors only: no progress, no warnings, no notes")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

/** The output convention every command follows: `--format`, `--json` (= `--format json`), `-o/--output`. */
function withOutputOptions(cmd: Command, formats: readonly string[], about: string): Command {
  return cmd
    .option("--format <format>", `output: ${about} (default ${formats[0]}; another format is an error)`)
    .option("--json", "same as --format json")
    .option("-o, --output <file>", "write the output to this file instead of stdout (- for stdout)");
}

/** `--exclude a --exclude b`: one value per occurrence, so a flag never takes the repo argument after it. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The global flags every command honours, wherever they stand on the line. */
function globals(): { color?: boolean; quiet?: boolean } {
  const { color, quiet } = program.opts<{ color?: boolean; quiet?: boolean }>();
  return { color, quiet };
}

/** Options every command that scans a repo takes. */
function withScanOptions(cmd: Command): Command {
  return cmd
    .option("--config <file>", "strangler.yaml to read (default: <repo>/strangler.yaml)")
    .addOption(new Option("--granularity <level>", "code unit: auto (a feature folder, or the files of several layers naming one domain noun), a folder, or each file").choices(["auto", "folder", "file"]).default("auto"))
    .addOption(new Option("--dialect <dialect>", "SQL dialect (else strangler.yaml's database.dialect, else detected)").choices(["postgresql", "mysql", "mariadb", "sqlite"]))
    .option("--include-tests", "also scan tests (left out by default)")
    .option("--include-generated", "also scan generated code and build output (left out by default)")
    .option("--exclude <pattern>", "a gitignore-style pattern to leave out, relative to the repo; repeat the flag for several", collect)
    .option("--no-git-history", "do not read git history (churn, co-change, the plan's first day); a subfolder of a repository gets the commits that touched it")
    .option("--no-cache", "neither read nor write the per-file fact cache in <repo>/.strangler/cache/")
    .option("--workers <n>", "threads that parse code (default: $STRANGLER_WORKERS, else half the cores available, 1 to 4; 1: no worker thread)")
    .option("--verbose", "list every diagnostic, information ones too");
}

/** Runtime evidence, for the commands that read a repo into a graph (not `check`, which stays offline). */
function withRuntimeOptions(cmd: Command): Command {
  return cmd
    .option("--database [url]", "also read the live database, read-only: catalog and query statistics (postgresql://…, mysql://…; no url: $STRANGLER_DATABASE_URL)")
    .option("--database-from-config", "read the database strangler.yaml's database.url names (the repository's choice of host: only with this flag)")
    .option("--database-timeout <seconds>", "give up on the database after this many seconds in all (each statement: at most the same; default 300)")
    .option("--allow-cleartext-password", "send the password to a server that asks for it in cleartext (refused by default)")
    .option("--queries <file>", "also read an export of pg_stat_statements or MySQL's statement digest table (CSV, TSV or JSON)");
}

withScanOptions(
  withOutputOptions(
    program
      .command("scan")
      .description("read a repository's TypeScript and SQL and build the graph of modules and tables")
      .argument("[repo]", "path to the repository to scan", "."),
    COMMAND_FORMATS.scan,
    "text (summary) or json",
  ),
)
  .option("--graph <file>", "also write the graph (graphology's serialized form) to this file")
  .addOption(new Option("--out <file>", "old name of --graph").hideHelp());
withRuntimeOptions(program.commands.at(-1)!).action(async (repo: string, opts) => {
  formatOf("scan", opts); // before loading the stages: a wrong format is refused at once
  const [{ runScan }, { withRuntime }] = await Promise.all([import("./scan.js"), import("./common.js")]);
  process.exitCode = runScan(repo, await withRuntime(repo, { ...opts, ...globals() }));
});

withScanOptions(
  withOutputOptions(
    program
      .command("assess")
      .description("propose bounded contexts from the graph, with cohesion, coupling and what crosses them")
      .argument("[repo]", "path to the repository to assess", "."),
    COMMAND_FORMATS.assess,
    "text, json (the report with every metric and its evidence) or html (the page of strangler report)",
  ),
)
  .addOption(new Option("--lang <lang>", "language of the HTML page (--format html)").choices(["en", "ko"]).default("en"))
  .addOption(new Option("--out <file>", "old: also write the JSON report to this file (now: --format json -o <file>)").hideHelp())
  .option("--resolution <number>", "Louvain resolution: higher gives more, smaller contexts (default from rules/weights.yaml)")
  .option("--contexts <n>", "search the resolution that gives about n contexts")
  .option("--contexts-file <file>", "contexts.yaml to keep and write (default: <repo>/contexts.yaml)")
  .option("--write-contexts", "write the proposal to contexts.yaml: new file, or only additions to an existing one")
  .option("--truth <file>", "compare with an expected mapping (contexts.yaml format): MoJoFM and adjusted Rand index");
withRuntimeOptions(program.commands.at(-1)!).action(async (repo: string, opts) => {
  formatOf("assess", opts);
  const [{ runAssess }, { withRuntime }] = await Promise.all([import("./assess.js"), import("./common.js")]);
  process.exitCode = await runAssess(repo, await withRuntime(repo, { ...opts, ...globals() }));
});

{
  const init = program
    .command("init")
    .description("ask the team's figures (team size, traffic, salaries …) and write strangler.yaml; every question is also a flag")
    .argument("[repo]", "the repository (strangler.yaml goes at its top)", ".")
    .option("--config <file>", "strangler.yaml to write (default: <repo>/strangler.yaml)")
    .addOption(new Option("--lang <lang>", "language of the questions").choices(["en", "ko"]).default("en"));
  for (const f of FIELDS) {
    const arg = f.type === "list" ? "<items>" : f.type === "enum" ? "<choice>" : f.type === "text" ? "<text>" : "<n>";
    const opt = new Option(`--${f.flag} ${arg}`, f.question.en);
    init.addOption(f.choices ? opt.choices(f.choices) : opt);
  }
  init.action(async (repo: string, opts) => {
    const { runInit } = await import("./init.js");
    process.exitCode = await runInit(repo, opts);
  });
}

withScanOptions(
  withOutputOptions(
    program
      .command("roadmap")
      .description("the phased Strangler Fig plan as Markdown (English or Korean): order, patterns, sagas, risks, effort, cost")
      .argument("[repo]", "path to the repository to plan", "."),
    COMMAND_FORMATS.roadmap,
    "markdown or json (the order with every score, and the plan)",
  ),
)
  .addOption(new Option("--lang <lang>", "language of the Markdown").choices(["en", "ko"]).default("en"))
  .addOption(new Option("--out <file>", "old name of --output").hideHelp())
  .option("--start <date>", "first day of Phase 1 (default: the Monday after the newest commit; weeks only without git)")
  .option("--contexts-file <file>", "contexts.yaml to keep (default: <repo>/contexts.yaml)")
  .option("--resolution <number>", "Louvain resolution (as assess)");
withRuntimeOptions(program.commands.at(-1)!).action(async (repo: string, opts) => {
  formatOf("roadmap", opts);
  const [{ runRoadmap }, { withRuntime }] = await Promise.all([import("./roadmap.js"), import("./common.js")]);
  process.exitCode = runRoadmap(repo, await withRuntime(repo, { ...opts, ...globals() }));
});

withScanOptions(
  withOutputOptions(
    program
      .command("report")
      .description("one self-contained HTML page: context map, dependency matrix, timeline, what-if moves measured as assess measures, coupling trend")
      .argument("[repo]", "path to the repository to report on", "."),
    COMMAND_FORMATS.report,
    "html (one file, every script and style inlined, nothing loaded from the network)",
  ),
)
  .addOption(new Option("--lang <lang>", "language of the page").choices(["en", "ko"]).default("en"))
  .option("--contexts-file <file>", "contexts.yaml to start from (default: <repo>/contexts.yaml)")
  .option("--resolution <number>", "Louvain resolution (as assess)")
  .option("--contexts <n>", "search the resolution that gives about n contexts (as assess)");
withRuntimeOptions(program.commands.at(-1)!).action(async (repo: string, opts) => {
  formatOf("report", opts);
  const [{ runReport }, { withRuntime }] = await Promise.all([import("./report.js"), import("./common.js")]);
  process.exitCode = runReport(repo, await withRuntime(repo, { ...opts, ...globals() }));
});

withScanOptions(
  withOutputOptions(
    program
      .command("trend")
      .description("coupling across today's contexts month by month from git history: commits changing several contexts, cross-context lines introduced")
      .argument("[repo]", "path to the repository (a git repository, or a folder in one)", "."),
    COMMAND_FORMATS.trend,
    "text or json",
  ),
)
  .option("--contexts-file <file>", "contexts.yaml to read today's contexts from (default: <repo>/contexts.yaml)")
  .option("--contexts <n>", "search the resolution that gives about n contexts (as assess)")
  .action(async (repo: string, opts) => {
    formatOf("trend", opts);
    const { runTrend } = await import("./trend.js");
    process.exitCode = runTrend(repo, { ...opts, ...globals() });
  });

withScanOptions(
  withOutputOptions(
    program
      .command("check")
      .description("fail on new cross-context joins, foreign keys, foreign table access and internal imports (for CI)")
      .argument("[repo]", "path to the repository to check", "."),
    COMMAND_FORMATS.check,
    "text for people, json, sarif (code scanning), github (workflow annotations), codeclimate (GitLab Code Quality), junit (test report), markdown (a job summary); paths of all but text and json are relative to the git root",
  ),
)
  .addOption(new Option("--fail-on <severity>", "exit 1 on a new violation of this severity or worse: error, warning (or warn), or never").default("error"))
  .option("--fail-on-stale", "also exit 1 when the baseline holds entries no violation matches any more (prune them)")
  .option("--contexts-file <file>", "the agreed contexts (default: <repo>/contexts.yaml)")
  .option("--baseline <file>", "known violations (default: <repo>/.strangler/baseline.json)")
  .option("--update-baseline", "record every current violation as known (prints new, same and removed counts)")
  .option("--prune-baseline", "remove baseline entries no violation matches any more; adds nothing")
  .option("--changed-since <git-ref>", "only read code files changed since this ref (and every SQL file)")
  .option("--also <format=file>", "also write this format of the same run to a file (repeat for several: --also sarif=out.sarif --also markdown=summary.md)", collect)
  .action(async (repo: string, opts) => {
    formatOf("check", opts);
    const { runCheck } = await import("./check.js");
    process.exitCode = runCheck(repo, { ...opts, ...globals() }, pkg.version);
  });

program.addHelpText(
  "after",
  `
Output, the same on scan, assess, roadmap, check, report and trend: --format
<format> (--json is --format json), -o/--output <file> (- for stdout); a format
a command does not write is an error (exit 2). --config <file> points at
strangler.yaml.

Exit codes:
  0  success
  1  check found new violations (see check --fail-on, --fail-on-stale)
  2  usage or input error (the message names the file and why)
  130  init stopped with Ctrl-C (nothing written)`,
);

// A reader that stops early (`strangler scan . --json | head`) is not an error: stop quietly.
// Any other failure to write the result (a full disk, a closed stdout) is an error the user sees: exit 2.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  const why = err.code === "ENOSPC" ? "no space left on the device" : err.code === "EBADF" ? "standard output is closed" : (err.code ?? err.message);
  process.stderr.write(`strangler: cannot write the result to standard output (${why})\n`);
  process.exit(EXIT.usage);
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (err instanceof UsageError || err instanceof ConfigReadError || err instanceof WriteError) {
    // A message may name what a repository holds: nothing in it acts on a terminal or a CI log.
    process.stderr.write(terminalText(`strangler: ${err.message}\n`));
    process.exitCode = EXIT.usage;
  } else {
    const e = err as Error;
    process.stderr.write(terminalText(`strangler: internal error: ${e?.message ?? String(err)}\n(this is a bug; set STRANGLER_DEBUG=1 for details)\n`));
    if (process.env.STRANGLER_DEBUG) process.stderr.write(`${e?.stack ?? ""}\n`);
    process.exitCode = EXIT.usage;
  }
}
