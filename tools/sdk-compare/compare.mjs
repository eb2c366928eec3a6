#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs the same fault scenarios through the official OpenAI Node SDK and through
// steadfast-cli, against one running steadfast-faultserver, and writes a Markdown table
// of where they behave alike and where they differ. See README.md beside this file.
//
//   node compare.mjs --base-url http://127.0.0.1:PORT/v1 --cli PATH/steadfast-cli
//                    [--out docs/sdk-comparison.md] [--raw results.json] [--only REGEX]
//
// Each SDK request runs in a child process of this script (`--sdk-child`), so a client
// that would wait for an hour (Retry-After: 3600) can be stopped without leaving a
// sleeping retry behind to reach the server during a later scenario.

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODEL = 'steadfast-demo';
const MESSAGES = [{ role: 'user', content: 'Hello' }];
const MAX_RETRIES = 2; // the SDK's default, used for both clients
const ATTEMPTS = MAX_RETRIES + 1;
const TIMEOUT_MS = 2000; // SDK `timeout`; steadfast --timeout-ms (first byte)
const IDLE_MS = 2000; // steadfast --idle-timeout-ms; the SDK has no such timeout
const SDK_OVERALL_MS = 4000; // AbortSignal.timeout for the SDK where it has nothing else
const WATCHDOG_MS = 30000; // a client still running after this is stopped
const LONG_WAIT_WATCHDOG_MS = 8000;

// What DESIGN.md says Steadfast must do is written down per scenario (`expect`, or
// `expectStream` where streaming differs: exit code and number of attempts; a list allows
// any of its values). A Steadfast result that does not match is reported as a suspected
// bug, whatever the SDK did. `why` explains a deliberate difference and is printed only
// when the two clients differ; `differsBecause: 'Qt'` marks a difference that comes from
// Qt's documented behaviour rather than from a design choice.
const RETRIED = { exit: [4], attempts: [ATTEMPTS] };
const PERMANENT = { exit: [3], attempts: [1] };
const repeatAll = (step) => ({ ...step, repeat: ATTEMPTS });

const SCENARIOS = [
  {
    id: '429-retry-after',
    title: '429, `Retry-After: 1`',
    steps: [repeatAll({ status: 429, headers: { 'Retry-After': '1' } })],
    expect: RETRIED,
    why: 'The hint is a floor: wait = max(hint, backoff) (DESIGN.md, taxonomy row RateLimited; docs/decisions.md).',
  },
  {
    id: '429-retry-after-3',
    title: '429, `Retry-After: 3` (longer than the backoff)',
    steps: [repeatAll({ status: 429, headers: { 'Retry-After': '3' } })],
    expect: RETRIED,
  },
  {
    id: '429-retry-after-ms',
    title: '429, `retry-after-ms: 300`',
    steps: [repeatAll({ status: 429, headers: { 'retry-after-ms': '300' } })],
    expect: RETRIED,
    why: 'The hint is a floor: wait = max(hint, backoff) (DESIGN.md, RateLimited).',
  },
  {
    id: '429-message-hint',
    title: '429, "Please try again in 1s." (no header)',
    steps: [
      repeatAll({
        status: 429,
        error: { message: 'Rate limit reached for steadfast-demo. Please try again in 1s.' },
      }),
    ],
    expect: RETRIED,
    why: 'Steadfast reads the message as a hint (DESIGN.md, "Server hints override the table"); the SDK does not.',
  },
  {
    id: '429-insufficient-quota',
    title: '429 `insufficient_quota`',
    steps: [
      repeatAll({
        status: 429,
        error: {
          code: 'insufficient_quota',
          type: 'insufficient_quota',
          message: 'You exceeded your current quota, please check your plan and billing details.',
        },
      }),
    ],
    expect: PERMANENT,
    why: 'DESIGN.md taxonomy: QuotaExceeded is not retried (waiting does not refill a quota); the SDK retries every 429.',
  },
  { id: '500', title: '500', steps: [repeatAll({ status: 500 })], expect: RETRIED },
  { id: '502-html', title: '502 HTML page', steps: [repeatAll({ status: 502, html: true })], expect: RETRIED },
  {
    id: '503-retry-after',
    title: '503, `Retry-After: 1`',
    steps: [repeatAll({ status: 503, headers: { 'Retry-After': '1' } })],
    expect: RETRIED,
    why: 'The hint is a floor for every kind (docs/decisions.md).',
  },
  {
    id: '503-should-retry-false',
    title: '503, `x-should-retry: false`',
    steps: [repeatAll({ status: 503, headers: { 'x-should-retry': 'false' } })],
    expect: PERMANENT,
  },
  {
    id: '400-should-retry-true',
    title: '400, `x-should-retry: true`',
    steps: [repeatAll({ status: 400, headers: { 'x-should-retry': 'true' } })],
    expect: RETRIED,
  },
  {
    id: '400-context-length',
    title: '400 `context_length_exceeded`',
    steps: [
      repeatAll({
        status: 400,
        error: {
          code: 'context_length_exceeded',
          param: 'messages',
          message: "This model's maximum context length is 8192 tokens.",
        },
      }),
    ],
    expect: PERMANENT,
  },
  { id: '401', title: '401', steps: [repeatAll({ status: 401 })], expect: PERMANENT },
  { id: '403', title: '403', steps: [repeatAll({ status: 403 })], expect: PERMANENT },
  { id: '404', title: '404', steps: [repeatAll({ status: 404 })], expect: PERMANENT },
  { id: '408', title: '408', steps: [repeatAll({ status: 408 })], expect: RETRIED },
  {
    id: '409',
    title: '409',
    steps: [repeatAll({ status: 409 })],
    expect: PERMANENT,
    why: 'DESIGN.md taxonomy: Conflict is not retried; the SDK retries 409 as a lock timeout.',
  },
  { id: '422', title: '422', steps: [repeatAll({ status: 422 })], expect: PERMANENT },
  {
    id: 'reset',
    title: 'connection reset before the reply (×3)',
    steps: [{ action: 'reset', repeat: 3 }],
    // Qt may resend a request by itself after a reset on a reused connection
    // (docs/faultserver.md, "Silent resends"), using up a step without an attempt, so
    // a later attempt can meet the healthy reply.
    expect: { exit: [0, 4], attempts: [2, 3] },
    differsBecause: 'Qt',
    why: 'Qt resent a request by itself after a reset (docs/faultserver.md, "Silent resends"; the first gap of about 0 ms), so Steadfast\'s attempts used up the three resets sooner and its last attempt met a healthy reply. Without the resend it would have failed like the SDK.',
  },
  {
    id: 'first-byte-delay',
    title: `first byte after 5 s (timeout ${TIMEOUT_MS / 1000} s)`,
    steps: [repeatAll({ delayMs: 5000 })],
    expect: RETRIED,
  },
  {
    id: 'stream-stall',
    title: 'stream stalls after 2 chunks',
    streamOnly: true,
    steps: [repeatAll({ stream: { stallAfterChunks: 2 } })],
    sdkOverallMs: SDK_OVERALL_MS,
    expect: RETRIED,
    why: `DESIGN.md: StreamStalled (idle timeout) is retried. The SDK has no idle timeout; its \`timeout\` ends at the response headers, so the harness gives it an overall AbortSignal of ${SDK_OVERALL_MS / 1000} s, which ends the stream iterator silently (no error).`,
  },
  {
    id: 'stream-drop',
    title: 'stream dropped after 2 chunks',
    streamOnly: true,
    steps: [repeatAll({ stream: { dropAfterChunks: 2 } })],
    expect: RETRIED,
    why: 'DESIGN.md: StreamInterrupted is retried; the SDK never retries once the response has started.',
  },
  {
    id: 'stream-error-event',
    title: 'SSE `error` payload after 2 chunks',
    streamOnly: true,
    steps: [repeatAll({ stream: { errorAfterChunks: 2 }, error: { message: 'The model crashed mid-answer.' } })],
    expect: RETRIED,
    why: 'DESIGN.md: an SSE `error` payload is StreamInterrupted, retried; the SDK throws an APIError without a status.',
  },
  {
    id: 'malformed-json',
    title: '200 with a body that is not JSON',
    steps: [repeatAll({ malformed: 'not-json' })],
    expect: RETRIED,
    why: 'DESIGN.md: InvalidResponse (a 2xx body that is not a valid completion) is retried; the SDK throws the parser\'s SyntaxError.',
  },
  {
    id: 'wrong-shape',
    title: '200 JSON without `choices`',
    steps: [repeatAll({ malformed: 'wrong-shape' })],
    expect: RETRIED,
    // In a stream the fault server adds one chunk without `choices` and plays the rest
    // normally; Steadfast skips such a chunk as it skips a usage-only one
    // (CompletionParser::parseStreamData), so the stream is still a valid completion.
    expectStream: { exit: [0], attempts: [1] },
    why: 'DESIGN.md: InvalidResponse is retried; the SDK does not check the shape and hands the object to the caller.',
  },
  {
    id: 'retry-after-3600',
    title: '429, `Retry-After: 3600`',
    steps: [repeatAll({ status: 429, headers: { 'Retry-After': '3600' } })],
    sdkWatchdogMs: LONG_WAIT_WATCHDOG_MS,
    expect: { exit: [4], attempts: [1] },
    why: 'DESIGN.md: a hinted wait above the maximum wait (60 s) is never waited silently; the CLI fails at once with the hint in its message.',
  },
];

// ---------------------------------------------------------------------------------------
// The SDK side, run in a child process: one request, one JSON line on stdout.

async function sdkChild(spec) {
  const { default: OpenAI } = await import('openai');
  const sdkLog = [];
  const keep =
    (level) =>
    (...args) =>
      sdkLog.push(`${level}: ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  const client = new OpenAI({
    baseURL: spec.baseURL,
    apiKey: 'sk-test',
    maxRetries: spec.maxRetries,
    timeout: spec.timeoutMs,
    logLevel: 'info',
    logger: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: () => {} },
  });
  const signal = spec.overallMs ? AbortSignal.timeout(spec.overallMs) : undefined;
  const params = { model: spec.model, messages: spec.messages, stream: spec.stream };
  let text = '';
  try {
    if (spec.stream) {
      const stream = await client.chat.completions.create(params, { signal });
      for await (const chunk of stream) text += chunk.choices?.[0]?.delta?.content ?? '';
    } else {
      const completion = await client.chat.completions.create(params, { signal });
      const content = completion?.choices?.[0]?.message?.content;
      if (typeof content !== 'string') {
        return { outcome: 'ok', text: null, detail: 'returned an object without choices[0].message.content', sdkLog };
      }
      text = content;
    }
    if (signal?.aborted) {
      return { outcome: 'aborted', text, detail: `overall timeout of ${spec.overallMs} ms`, sdkLog };
    }
    return { outcome: 'ok', text, sdkLog };
  } catch (e) {
    return {
      outcome: 'error',
      errorClass: e?.constructor?.name ?? typeof e,
      status: e?.status,
      message: String(e?.message ?? e).slice(0, 300),
      text,
      sdkLog,
    };
  }
}

// ---------------------------------------------------------------------------------------
// The fault server's control endpoint.

function controlUrl(baseURL, what) {
  return new URL(`/_fault/${what}`, baseURL).toString();
}

async function control(baseURL, what, body) {
  const init = body === undefined ? { method: what === 'log' ? 'GET' : 'POST' } : { method: 'POST', body: JSON.stringify(body) };
  const reply = await fetch(controlUrl(baseURL, what), init);
  const json = await reply.json();
  if (!reply.ok || json.ok === false) throw new Error(`/_fault/${what}: ${JSON.stringify(json)}`);
  return json;
}

async function serverRequests(baseURL) {
  const log = await control(baseURL, 'log');
  const chats = log.filter((e) => e.path.endsWith('/chat/completions'));
  const gaps = chats.slice(1).map((e, i) => e.receivedAt - chats[i].receivedAt);
  return { requests: chats.length, gapsMs: gaps };
}

// ---------------------------------------------------------------------------------------
// Running a child process with a watchdog.

function run(command, args, { env, watchdogMs }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, watchdogMs);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, killed, stdout, stderr });
    });
  });
}

async function runSdk(baseURL, scenario, stream) {
  const spec = {
    baseURL,
    model: MODEL,
    messages: MESSAGES,
    stream,
    maxRetries: MAX_RETRIES,
    timeoutMs: TIMEOUT_MS,
    overallMs: scenario.sdkOverallMs,
  };
  const watchdogMs = scenario.sdkWatchdogMs ?? WATCHDOG_MS;
  const started = Date.now();
  const r = await run(process.execPath, [fileURLToPath(import.meta.url), '--sdk-child', JSON.stringify(spec)], {
    watchdogMs,
  });
  const elapsedMs = Date.now() - started;
  if (r.killed) {
    return { outcome: 'pending', detail: `no result after ${watchdogMs / 1000} s; stopped by the harness`, elapsedMs };
  }
  const last = r.stdout.trim().split('\n').pop();
  try {
    return { ...JSON.parse(last), elapsedMs };
  } catch {
    return { outcome: 'crash', detail: `exit ${r.code}: ${r.stderr.slice(-300)}`, elapsedMs };
  }
}

async function runSteadfast(baseURL, cli, scenario, stream, workDir) {
  const events = join(workDir, `${scenario.id}-${stream ? 'stream' : 'json'}.jsonl`);
  const args = [
    '--base-url',
    baseURL,
    '--model',
    MODEL,
    stream ? '--stream' : '--no-stream',
    '--max-retries',
    String(MAX_RETRIES),
    '--timeout-ms',
    String(TIMEOUT_MS),
    '--idle-timeout-ms',
    String(IDLE_MS),
    '--seed',
    '1',
    '--quiet',
    '--events',
    events,
    MESSAGES[0].content,
  ];
  const started = Date.now();
  const r = await run(cli, args, { env: { OPENAI_API_KEY: 'sk-test' }, watchdogMs: WATCHDOG_MS });
  const elapsedMs = Date.now() - started;
  let lines = [];
  try {
    lines = readFileSync(events, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    // no events file: the CLI failed before it started
  }
  const failed = lines.find((e) => e.event === 'failed');
  const finished = lines.find((e) => e.event === 'finished');
  return {
    exit: r.killed ? null : r.code,
    killed: r.killed,
    attempts: lines.filter((e) => e.event === 'attemptStarted').length,
    retries: lines
      .filter((e) => e.event === 'retryScheduled')
      .map((e) => ({ delayMs: e.delayMs, source: e.source, hintMs: e.hintMs, kind: e.error?.kind })),
    earlyTimeouts: earlyTimeouts(lines),
    kind: failed?.error?.kind ?? null,
    status: failed?.error?.status ?? null,
    message: failed?.error?.message ?? null,
    text: finished ? r.stdout.replace(/\n$/, '') : null,
    stderr: r.stderr.trim().slice(-400),
    elapsedMs,
  };
}

// A first-byte or idle timeout must not fire before its time: measure, from the events'
// own timestamps, the silence that ended each timed-out attempt (since the attempt started
// for the first byte, since the last event of the reply for idle).
function earlyTimeouts(events) {
  const found = [];
  events.forEach((e, i) => {
    const phase = e.error?.timeoutPhase;
    if (e.event !== 'attemptFailed' || !['FirstByte', 'Idle'].includes(phase)) return;
    const startedBy = phase === 'FirstByte' ? ['attemptStarted'] : ['attemptStarted', 'responseReceived', 'delta'];
    const since = events
      .slice(0, i)
      .reverse()
      .find((p) => startedBy.includes(p.event));
    if (!since) return;
    const silenceMs = Date.parse(e.ts) - Date.parse(since.ts);
    if (silenceMs < e.error.timeoutMs - 2) {
      // 2 ms: the timestamps are rounded to the millisecond
      found.push({ phase, timeoutMs: e.error.timeoutMs, silenceMs, since: since.event });
    }
  });
  return found;
}

// ---------------------------------------------------------------------------------------
// Judging and rendering.

const kindOf = (sdk) => (sdk.outcome === 'ok' ? 'ok' : sdk.outcome === 'pending' ? 'pending' : 'error');
const sfKindOf = (sf) => (sf.killed ? 'pending' : sf.exit === 0 ? 'ok' : 'error');

const expectationOf = (scenario, stream) => (stream && scenario.expectStream) || scenario.expect;

// Returns how the two clients compare ('same', 'deliberate', 'Qt' or 'differs': no
// reason written down) and what in
// Steadfast's own result looks wrong (empty when nothing does).
function judge(scenario, stream, sdk, sf) {
  const alike = kindOf(sdk) === sfKindOf(sf) && sdk.requests === sf.attempts;
  let comparison = 'differs';
  if (alike) comparison = 'same';
  else if (scenario.differsBecause === 'Qt') comparison = 'Qt';
  else if (scenario.why) comparison = 'deliberate';
  const problems = [];
  const expect = expectationOf(scenario, stream);
  if (!expect.exit.includes(sf.exit) || !expect.attempts.includes(sf.attempts)) {
    problems.push(
      `Not what DESIGN.md asks: expected exit ${expect.exit.join(' or ')} after ${expect.attempts.join(' or ')} attempt(s).` +
        (sf.message ? ` Steadfast said: "${sf.message.slice(0, 160)}"` : ''),
    );
  }
  for (const t of sf.earlyTimeouts) {
    problems.push(`The ${t.phase} timeout of ${t.timeoutMs} ms fired after ${t.silenceMs} ms (since \`${t.since}\`).`);
  }
  return { comparison, problems };
}

const ms = (list) => (list.length ? `${list.join(', ')} ms` : '—');
const preview = (text) => {
  if (text === null || text === undefined) return 'no text';
  const t = text.replace(/\s+/g, ' ');
  return `${t.length} chars`;
};
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function sdkCell(sdk) {
  let what;
  if (sdk.outcome === 'ok') what = `ok, ${preview(sdk.text)}`;
  else if (sdk.outcome === 'error' && sdk.status) what = `${sdk.errorClass} ${sdk.status}`;
  else if (sdk.outcome === 'error') what = `${sdk.errorClass} "${sdk.message.slice(0, 40)}"`;
  else if (sdk.outcome === 'aborted') what = `ended silently by the ${sdk.detail}, ${preview(sdk.text)} kept`;
  else what = sdk.detail;
  return `${what} · ${sdk.requests} req · ${ms(sdk.gapsMs)}`;
}

function sfCell(sf) {
  const what = sf.killed
    ? 'no result after the watchdog'
    : sf.exit === 0
      ? `exit 0, ${preview(sf.text)}`
      : `exit ${sf.exit} ${sf.kind ?? '?'}${sf.status ? ` ${sf.status}` : ''}`;
  const req = sf.requests !== sf.attempts ? ` (${sf.requests} req)` : '';
  const why = (r) => (r.hintMs === undefined ? r.source : `${r.source}, hint ${r.hintMs}`);
  const delays = sf.gapsMs.length ? `${sf.gapsMs.join(', ')} ms [${sf.retries.map(why).join('; ')}]` : '—';
  return `${what} · ${sf.attempts} att${req} · ${delays}`;
}

function noteFor(scenario, verdict, sdk) {
  const notes = verdict.problems.map((p) => `**Suspected bug:** ${p}`);
  if (verdict.comparison !== 'same' && scenario.why) notes.push(scenario.why);
  if (sdk.outcome === 'pending' && scenario.id === 'retry-after-3600') {
    notes.push('The SDK sleeps the whole hint (no upper bound in `retryRequest`), and the sleep ignores the abort signal.');
  }
  return notes.join(' ');
}

const verdictCell = (v) => (v.problems.length ? `${v.comparison}; **suspected bug**` : v.comparison);

function renderMarkdown(meta, rows) {
  const count = (pred) => rows.filter(pred).length;
  const scenarios = new Set(rows.map((r) => r.id)).size;
  const suspect = rows.filter((r) => r.verdict.problems.length);
  const out = [];
  out.push('# Steadfast and the official OpenAI Node SDK under the same faults');
  out.push('');
  out.push(
    `Generated on ${meta.date} by \`tools/sdk-compare/run.sh\`: run that one command to reproduce it (it needs Node.js ≥ 20 and npm, ` +
      `and builds \`steadfast-cli\` and \`steadfast-faultserver\` if they are missing; see tools/sdk-compare/README.md). ` +
      `SDK: \`openai\` ${meta.sdkVersion} (npm) on Node.js ${meta.node}; Steadfast: ${meta.steadfast}.`,
  );
  out.push('');
  out.push(
    `Both clients ran every scenario against the same \`steadfast-faultserver\`, with ${MAX_RETRIES} retries (the SDK's default), ` +
      `a ${TIMEOUT_MS / 1000} s first-byte timeout (the SDK's \`timeout\`, Steadfast's \`--timeout-ms\`) and otherwise their own defaults ` +
      `(Steadfast with \`--idle-timeout-ms ${IDLE_MS} --seed 1\`). Before each run the server was reset and the scenario's steps armed ` +
      'again, enough for every attempt; afterwards its request log was read. Streaming and JSON requests are separate runs.',
  );
  out.push('');
  out.push(
    "- **req**: chat requests the server received; **att**: Steadfast's `attemptStarted` events (Qt may resend a request by itself: then req > att).",
  );
  out.push(
    '- **delays**: the gaps between those requests as the server saw them, so they include how long a failed attempt took (a timeout, a stall); ' +
      "for Steadfast each `retryScheduled` event's `source` and the server's hint (`hintMs`) follow in brackets.",
  );
  out.push(
    '- **same?**: *same*: both succeeded or both failed (or both were still waiting) after the same number of attempts; ' +
      '*deliberate*: they differ where DESIGN.md (or docs/decisions.md) asks Steadfast to; *Qt*: they differ because of documented Qt behaviour; ' +
      '*differs*: they differ and no reason is written down; ' +
      '**suspected bug**: Steadfast did not do what DESIGN.md asks, or a timeout fired before its time. ' +
      "Retry delays differ by design and are not judged: the SDK waits 0.5 s·2ⁿ × (0.75…1) (at most 8 s), or exactly the server's hint; " +
      'Steadfast waits 1 s·2ⁿ⁻¹ + up to 1 s, or the hint when that is longer.',
  );
  out.push('');
  out.push(
    `**${rows.length} runs of ${scenarios} scenarios: ${count((r) => r.verdict.comparison === 'same')} same, ` +
      `${count((r) => r.verdict.comparison === 'deliberate')} deliberately different, ` +
      `${count((r) => r.verdict.comparison === 'Qt')} different because of Qt, ` +
      `${count((r) => r.verdict.comparison === 'differs')} different for no reason written down; ` +
      `${suspect.length} with a suspected bug.**`,
  );
  out.push('');
  out.push('| scenario | SDK: outcome · requests · delays | Steadfast: outcome · attempts · delays | same? | note |');
  out.push('|---|---|---|---|---|');
  for (const r of rows) {
    out.push(
      `| ${cell(`${r.title} (${r.stream ? 'stream' : 'JSON'})`)} | ${cell(sdkCell(r.sdk))} | ${cell(sfCell(r.sf))} | ${verdictCell(r.verdict)} | ${cell(r.note)} |`,
    );
  }
  out.push('');
  if (suspect.length) {
    out.push('## Suspected bugs');
    out.push('');
    for (const r of suspect) {
      out.push(`- ${r.title} (${r.stream ? 'stream' : 'JSON'}): ${r.verdict.problems.join(' ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { out: null, raw: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--base-url') opts.baseURL = next();
    else if (a === '--cli') opts.cli = next();
    else if (a === '--out') opts.out = next();
    else if (a === '--raw') opts.raw = next();
    else if (a === '--only') opts.only = new RegExp(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.baseURL || !opts.cli) throw new Error('usage: compare.mjs --base-url URL --cli PATH [--out FILE] [--raw FILE] [--only REGEX]');
  return opts;
}

function steadfastVersion(cli) {
  let v = 'steadfast-cli';
  try {
    v = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // keep the name
  }
  try {
    const rev = execFileSync('git', ['-C', HERE, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    v += ` (commit ${rev})`;
  } catch {
    // not a git checkout
  }
  return `\`${v}\``;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sdkVersion = JSON.parse(readFileSync(join(HERE, 'node_modules/openai/package.json'), 'utf8')).version;
  const workDir = mkdtempSync(join(tmpdir(), 'sdk-compare-'));
  const rows = [];
  try {
    for (const scenario of SCENARIOS) {
      if (opts.only && !opts.only.test(scenario.id)) continue;
      for (const stream of scenario.streamOnly ? [true] : [true, false]) {
        await control(opts.baseURL, 'reset');
        await control(opts.baseURL, 'arm', { steps: scenario.steps });
        const sdk = { ...(await runSdk(opts.baseURL, scenario, stream)), ...(await serverRequests(opts.baseURL)) };

        await control(opts.baseURL, 'reset');
        await control(opts.baseURL, 'arm', { steps: scenario.steps });
        const sf = {
          ...(await runSteadfast(opts.baseURL, opts.cli, scenario, stream, workDir)),
          ...(await serverRequests(opts.baseURL)),
        };

        const verdict = judge(scenario, stream, sdk, sf);
        rows.push({ id: scenario.id, title: scenario.title, stream, sdk, sf, verdict, note: noteFor(scenario, verdict, sdk) });
        console.error(
          `${verdictCell(verdict).padEnd(10)} ${scenario.id} (${stream ? 'stream' : 'json'}): SDK ${sdkCell(sdk)} | steadfast ${sfCell(sf)}`,
        );
      }
    }
    await control(opts.baseURL, 'reset');
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    sdkVersion,
    node: process.versions.node,
    steadfast: steadfastVersion(opts.cli),
  };
  if (opts.raw) writeFileSync(opts.raw, JSON.stringify({ meta, rows }, null, 2) + '\n');
  const markdown = renderMarkdown(meta, rows);
  if (opts.out) writeFileSync(opts.out, markdown);
  else process.stdout.write(markdown);
  const bugs = rows.filter((r) => r.verdict.problems.length).length;
  console.error(`${rows.length} runs, ${bugs} with a suspected bug in Steadfast`);
}

if (process.argv[2] === '--sdk-child') {
  const result = await sdkChild(JSON.parse(process.argv[3]));
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0); // do not wait for a retry the SDK may still be sleeping on
} else {
  main().catch((e) => {
    console.error(e.stack ?? String(e));
    process.exit(1);
  });
}
