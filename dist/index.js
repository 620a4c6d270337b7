import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6803:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ proxyConfigured),
/* harmony export */   _3: () => (/* binding */ nodeTransport),
/* harmony export */   gl: () => (/* binding */ describeNetworkError),
/* harmony export */   my: () => (/* binding */ NOT_SENT_CODES),
/* harmony export */   wX: () => (/* binding */ TransportError)
/* harmony export */ });
class TransportError extends Error {
    /** false: the request surely never reached the server (e.g. connection refused, DNS failure). */
    sent;
    code;
    timedOut;
    aborted;
    constructor(message, options) {
        super(message, { cause: options.cause });
        this.name = 'TransportError';
        this.sent = options.sent;
        this.code = options.code;
        this.timedOut = options.timedOut ?? false;
        this.aborted = options.aborted ?? false;
    }
}
/** Error codes that mean no connection was made, so nothing was sent. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH',
    'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID'
]);
/** Bodies larger than this are not API answers; stop reading rather than buffer them. */
const MAX_BODY_BYTES = 1 << 20;
function describeNetworkError(error) {
    const e = error;
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const message = typeof e?.message === 'string' ? e.message : String(error);
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}
/** GET over node:http/node:https with an overall deadline per request. */
const nodeTransport = (request) => new Promise((resolve, reject) => {
    const mod = process.getBuiltinModule(request.url.protocol === 'https:' ? 'node:https' : 'node:http');
    let connected = false;
    let settled = false;
    const fail = (error) => {
        if (settled)
            return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        req.destroy();
        reject(error);
    };
    const onAbort = () => fail(new TransportError('request aborted', { sent: connected, aborted: true }));
    const timer = setTimeout(() => fail(new TransportError(`no answer within ${Math.round(request.timeoutMs / 1000)} s`, { sent: connected, timedOut: true, code: 'ETIMEDOUT' })), request.timeoutMs);
    const req = mod.request(request.url, { method: 'GET', headers: request.headers });
    req.on('socket', (socket) => {
        // A reused keep-alive socket is already connected: count it as sent.
        // Only a new socket is still connecting; listening on a reused one would pile up listeners.
        if (!socket.connecting)
            connected = true;
        else
            socket.once('connect', () => {
                connected = true;
            });
    });
    req.on('error', (error) => {
        const sent = connected && !NOT_SENT_CODES.has(error.code ?? '');
        fail(new TransportError(describeNetworkError(error), { sent, code: error.code, cause: error }));
    });
    req.on('response', (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
            size += chunk.length;
            if (size <= MAX_BODY_BYTES)
                chunks.push(chunk);
        });
        res.on('aborted', () => fail(new TransportError('connection closed while reading the answer', { sent: true, code: 'ECONNRESET' })));
        res.on('error', (error) => fail(new TransportError(describeNetworkError(error), { sent: true, code: error.code, cause: error })));
        res.on('end', () => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            request.signal?.removeEventListener('abort', onAbort);
            const headers = {};
            for (const [name, value] of Object.entries(res.headers)) {
                headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({
                status: res.statusCode ?? 0,
                statusText: res.statusMessage ?? '',
                headers,
                body: Buffer.concat(chunks).toString('utf8')
            });
        });
    });
    if (request.signal?.aborted) {
        onAbort();
        return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
});
/** True when the environment names a proxy for this URL's scheme. */
function proxyConfigured(url, env) {
    // Like undici's EnvHttpProxyAgent: https falls back to the HTTP proxy when no HTTPS one is set.
    const names = url.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] : ['HTTP_PROXY', 'http_proxy'];
    return names.some((name) => (env[name] ?? '') !== '');
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(935);
// The runner's entry point (action.yml: runs.main → dist/index.js).

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .eF)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 935:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: CANCEL_GRACE_MS, defaultUpdateDesc, secretForms, systemClock

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/github/lib/context.js


class Context {
    /**
     * Hydrate the context from the environment
     */
    constructor() {
        var _a, _b, _c;
        this.payload = {};
        if (process.env.GITHUB_EVENT_PATH) {
            if ((0,external_fs_namespaceObject.existsSync)(process.env.GITHUB_EVENT_PATH)) {
                this.payload = JSON.parse((0,external_fs_namespaceObject.readFileSync)(process.env.GITHUB_EVENT_PATH, { encoding: 'utf8' }));
            }
            else {
                const path = process.env.GITHUB_EVENT_PATH;
                process.stdout.write(`GITHUB_EVENT_PATH ${path} does not exist${external_os_namespaceObject.EOL}`);
            }
        }
        this.eventName = process.env.GITHUB_EVENT_NAME;
        this.sha = process.env.GITHUB_SHA;
        this.ref = process.env.GITHUB_REF;
        this.workflow = process.env.GITHUB_WORKFLOW;
        this.action = process.env.GITHUB_ACTION;
        this.actor = process.env.GITHUB_ACTOR;
        this.job = process.env.GITHUB_JOB;
        this.runAttempt = parseInt(process.env.GITHUB_RUN_ATTEMPT, 10);
        this.runNumber = parseInt(process.env.GITHUB_RUN_NUMBER, 10);
        this.runId = parseInt(process.env.GITHUB_RUN_ID, 10);
        this.apiUrl = (_a = process.env.GITHUB_API_URL) !== null && _a !== void 0 ? _a : `https://api.github.com`;
        this.serverUrl = (_b = process.env.GITHUB_SERVER_URL) !== null && _b !== void 0 ? _b : `https://github.com`;
        this.graphqlUrl =
            (_c = process.env.GITHUB_GRAPHQL_URL) !== null && _c !== void 0 ? _c : `https://api.github.com/graphql`;
    }
    get issue() {
        const payload = this.payload;
        return Object.assign(Object.assign({}, this.repo), { number: (payload.issue || payload.pull_request || payload).number });
    }
    get repo() {
        if (process.env.GITHUB_REPOSITORY) {
            const [owner, repo] = process.env.GITHUB_REPOSITORY.split('/');
            return { owner, repo };
        }
        if (this.payload.repository) {
            return {
                owner: this.payload.repository.owner.login,
                repo: this.payload.repository.name
            };
        }
        throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
    }
}
//# sourceMappingURL=context.js.map
;// CONCATENATED MODULE: ./src/actions-core.ts
/**
 * The runner protocol the action speaks: inputs, outputs, masking, logging, the job
 * summary and the run's identity. Start-up time is the budget here (bench/coldstart.ts):
 * everything this module loads runs on every step, so it loads only node:fs, node:os
 * and @actions/core's command module.
 *
 * - Not `import * as core from '@actions/core'`: that entry also loads the package's
 *   OIDC client (@actions/http-client, tunnel, undici), ~1 MB parsed on every start
 *   (+90 ms) for code this action never runs. command.js imports only node:os; the
 *   package's `exports` map does not list it, hence the relative path (the pinned
 *   lockfile keeps it stable).
 * - Outputs: the same heredoc as core's file-command.js, but that module imports
 *   node:crypto for randomUUID (~9 ms; the global webcrypto costs as much).
 * - Summary: the same HTML as core's summary.js, but that module reads `fs.promises`
 *   when it loads, which pulls in node:fs/promises with readline and the REPL
 *   history (~4 ms).
 * - Run context: @actions/github's Context module, imported directly and statically
 *   (as a lazily loaded chunk it cost a second module load at the end of every run).
 * __tests__/actions-core.test.ts checks each against @actions/core's own output.
 */




/** Same lookup and trimming as core.getInput. */
function getInput(name, env = process.env) {
    return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/**
 * A random v4 UUID. The kernel's CSPRNG (/dev/urandom, on Linux and macOS runners)
 * is a 16-byte read; where it is missing (Windows) the web crypto global is used.
 */
function randomUuid(source = '/dev/urandom') {
    const bytes = Buffer.alloc(16);
    try {
        const fd = external_node_fs_namespaceObject.openSync(source, 'r');
        try {
            if (external_node_fs_namespaceObject.readSync(fd, bytes, 0, 16, null) !== 16)
                throw new Error('short read');
        }
        finally {
            external_node_fs_namespaceObject.closeSync(fd);
        }
    }
    catch {
        return globalThis.crypto.randomUUID();
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
/** One output as a GITHUB_OUTPUT heredoc, exactly as core's prepareKeyValueMessage. */
function outputEntry(name, value, uuid = randomUuid()) {
    const delimiter = `ghadelimiter_${uuid}`;
    // Refuse, as core does, rather than let a value end the heredoc early.
    if (name.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (value.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}`;
}
function setOutput(name, value) {
    const file = process.env['GITHUB_OUTPUT'];
    if (file) {
        if (!external_node_fs_namespaceObject.existsSync(file))
            throw new Error(`Missing file at path: ${file}`);
        external_node_fs_namespaceObject.appendFileSync(file, `${outputEntry(name, value)}${external_node_os_namespaceObject.EOL}`, { encoding: 'utf8' });
        return;
    }
    // Outside a runner (no GITHUB_OUTPUT file) fall back to the stdout command, as core does.
    process.stdout.write(external_node_os_namespaceObject.EOL);
    issueCommand('set-output', { name }, value);
}
function wrap(tag, content) {
    return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}
/** The job summary, rendered as core's Summary renders these calls. */
class Summary {
    buffer = '';
    addRaw(text, addEOL = false) {
        this.buffer += text;
        if (addEOL)
            this.buffer += external_node_os_namespaceObject.EOL;
        return this;
    }
    addHeading(text, level) {
        const tag = `h${level}`;
        return this.addRaw(wrap(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag) ? tag : 'h1', text), true);
    }
    addTable(rows) {
        const body = rows
            .map((row) => wrap('tr', row.map((cell) => (typeof cell === 'string' ? wrap('td', cell) : wrap(cell.header ? 'th' : 'td', cell.data))).join('')))
            .join('');
        return this.addRaw(wrap('table', body), true);
    }
    stringify() {
        return this.buffer;
    }
    emptyBuffer() {
        this.buffer = '';
        return this;
    }
    async write(options) {
        const file = process.env['GITHUB_STEP_SUMMARY'];
        if (!file)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
        try {
            external_node_fs_namespaceObject.accessSync(file, external_node_fs_namespaceObject.constants.R_OK | external_node_fs_namespaceObject.constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
        }
        // Synchronous: one small write at the end of the step, and no fs/promises to load.
        (options?.overwrite ? external_node_fs_namespaceObject.writeFileSync : external_node_fs_namespaceObject.appendFileSync)(file, this.buffer, { encoding: 'utf8' });
        return this.emptyBuffer();
    }
}
const actionsCore = {
    getInput: (name) => getInput(name),
    setOutput,
    setSecret: (secret) => issueCommand('add-mask', {}, secret),
    info: (message) => process.stdout.write(message + external_node_os_namespaceObject.EOL),
    warning: (message) => issueCommand('warning', {}, message),
    error: (message) => issueCommand('error', {}, message),
    debug: (message) => issueCommand('debug', {}, message),
    isDebug: () => process.env['RUNNER_DEBUG'] === '1',
    startGroup: (name) => issue('group', name),
    endGroup: () => issue('endgroup'),
    setFailed: (message) => {
        process.exitCode = 1;
        issueCommand('error', {}, message);
    },
    summary: new Summary()
};
/**
 * ref, sha and the run link from @actions/github's Context. Its module imports only
 * node:fs and node:os, so it is imported directly (the package entry would load
 * Octokit as well); it reads the same GITHUB_* variables and the event payload.
 */
function runContext() {
    const repository = process.env['GITHUB_REPOSITORY'] ?? '';
    let context;
    try {
        context = new Context();
    }
    catch {
        // An unreadable event payload must not cost the summary its ref and commit.
        context = Object.assign(Object.create(Context.prototype), {
            ref: process.env['GITHUB_REF'],
            sha: process.env['GITHUB_SHA'],
            runId: parseInt(process.env['GITHUB_RUN_ID'] ?? '', 10),
            serverUrl: process.env['GITHUB_SERVER_URL'] ?? 'https://github.com'
        });
    }
    return {
        ref: context.ref ?? '',
        sha: context.sha ?? '',
        repository,
        runUrl: repository && context.runId ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}` : undefined
    };
}
/** Async for the Dependencies.runContext contract (main.ts). */
async function loadRunContext() {
    return runContext();
}

// EXTERNAL MODULE: ./src/http.ts
var http = __nccwpck_require__(6803);
;// CONCATENATED MODULE: ./src/job.ts
/**
 * Clanforge job fields, parsed liberally (numbers may arrive as numeric strings,
 * optional fields absent or null), and the job states decided by their numeric id:
 * the API names state 5 both "Complete" and "Completed".
 */
const JobState = {
    Created: 1,
    Pending: 2,
    Queued: 3,
    Running: 4,
    Complete: 5,
    Failed: 6,
    Squashed: 7
};
const STATE_NAMES = {
    1: 'Created', 2: 'Pending', 3: 'Queued', 4: 'Running', 5: 'Complete', 6: 'Failed', 7: 'Squashed'
};
/** A number, or a string holding one; anything else is absent. */
function toNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value))
        return Number(value);
    return undefined;
}
function toText(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return String(value);
    return undefined;
}
function parseJob(body) {
    const stateId = toNumber(body['jobstateid']);
    const name = toText(body['jobstatename']);
    const eta = toNumber(body['jobeta']);
    const start = toNumber(body['jobstart']);
    return {
        stateId,
        stateName: name && name.trim() !== '' ? name : stateId !== undefined ? STATE_NAMES[stateId] : undefined,
        progress: toNumber(body['jobprogress']),
        failed: toNumber(body['jobfailed']),
        error: toText(body['joberror']) || undefined,
        created: toNumber(body['jobcreated']),
        updated: toNumber(body['jobupdated']),
        // 0 is what an unset timestamp looks like, not 1970.
        eta: eta && eta > 0 ? eta : undefined,
        start: start && start > 0 ? start : undefined
    };
}
/** Terminal or not, by the numeric state and the failure flag, never by the name. */
function outcomeOf(job) {
    if (job.stateId === JobState.Failed || (job.failed !== undefined && job.failed !== 0))
        return 'failed';
    if (job.stateId === JobState.Squashed)
        return 'squashed';
    if (job.stateId === JobState.Complete)
        return 'complete';
    return 'running';
}
function describeState(job) {
    const name = job.stateName ?? 'unknown state';
    const progress = job.progress !== undefined ? ` ${job.progress}%` : '';
    return `${name}${progress}`;
}

;// CONCATENATED MODULE: ./src/rollout.ts
/**
 * The image's rollout across fleets and regions (GET /cfp/v2/project/{asid}/image/{id}/status):
 * after a version's job completes, machines install it over the next minutes. Parsed
 * liberally: `fleets` and `regions` arrive as maps keyed by id (the public example)
 * or as lists (the docs' wording).
 */

function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function counts(body) {
    return {
        pending: toNumber(body['pending_machines']) ?? 0,
        failed: toNumber(body['failed_machines']) ?? 0,
        completed: toNumber(body['completed_machines']) ?? 0
    };
}
/** Entries of a map keyed by id, or of a list whose items carry the id under idKey. */
function entries(value, idKey) {
    if (Array.isArray(value)) {
        return value.filter(isObject).map((item, i) => [String(item[idKey] ?? item['id'] ?? i + 1), item]);
    }
    if (isObject(value))
        return Object.entries(value).filter((e) => isObject(e[1]));
    return [];
}
function nameOf(body) {
    const name = body['name'] ?? body['fleet_name'] ?? body['region_name'];
    return typeof name === 'string' && name !== '' ? name : undefined;
}
function parseRollout(body) {
    const fleets = entries(body['fleets'], 'fleetid').map(([id, fleet]) => ({
        id,
        name: nameOf(fleet),
        ...counts(fleet),
        regions: entries(fleet['regions'], 'regionid').map(([regionId, region]) => ({ id: regionId, name: nameOf(region), ...counts(region) }))
    }));
    return { ...counts(body), fleets };
}
function total(c) {
    return c.pending + c.failed + c.completed;
}
/** `completed 37/40, pending 3, failed 0` */
function describeRollout(c) {
    return `completed ${c.completed}/${total(c)}, pending ${c.pending}, failed ${c.failed}`;
}
/** Finished when nothing is pending, or failed as soon as more machines failed than allowed. */
function rolloutDone(r, maxFailed) {
    if (r.failed > maxFailed)
        return 'failed';
    return r.pending === 0 ? 'complete' : undefined;
}
function sameCounts(a, b) {
    return a.pending === b.pending && a.failed === b.failed && a.completed === b.completed;
}

;// CONCATENATED MODULE: ./src/diff.ts
/**
 * What an image difference analysis found: `added`, `modified` and `removed` are maps
 * of path → file object (all empty: no changes). Accepted as lists too, of paths or of
 * objects carrying a path, since the API documents the fields only loosely.
 */
function paths(value) {
    if (Array.isArray(value)) {
        return value
            .map((item) => {
            if (typeof item === 'string')
                return item;
            if (item !== null && typeof item === 'object') {
                const o = item;
                const p = o['path'] ?? o['name'] ?? o['file'];
                return typeof p === 'string' ? p : undefined;
            }
            return undefined;
        })
            .filter((p) => p !== undefined);
    }
    if (value !== null && typeof value === 'object')
        return Object.keys(value);
    return [];
}
/** undefined when the answer carries none of the three fields (diff_info not given). */
function parseChanges(body) {
    if (!('added' in body) && !('modified' in body) && !('removed' in body))
        return undefined;
    return { added: paths(body['added']), modified: paths(body['modified']), removed: paths(body['removed']) };
}
function isEmpty(changes) {
    return changes.added.length + changes.modified.length + changes.removed.length === 0;
}
/** `+ added`, `~ modified`, `- removed`: one line per changed path. */
function changedPaths(changes) {
    return [...changes.added.map((p) => `+ ${p}`), ...changes.modified.map((p) => `~ ${p}`), ...changes.removed.map((p) => `- ${p}`)];
}
function describeChanges(changes) {
    return `${changes.added.length} added, ${changes.modified.length} modified, ${changes.removed.length} removed`;
}

;// CONCATENATED MODULE: ./src/clanforge.ts
/**
 * The Clanforge client: builds the two requests the action sends, turns answers
 * into typed results or into errors a person can act on, and applies the retry
 * rules, which differ by call:
 *
 * - imageversion/create is a GET that changes state. It is repeated only when the
 *   server surely did not process it: HTTP 429 or 503, or a connection that failed
 *   before anything was sent. Anything else after sending (a reset, a timeout, any
 *   other 5xx, an unreadable 2xx) means the outcome is unknown, and repeating could
 *   create a second version.
 * - imageversion/{id}/status is safe to repeat; the wait loop decides when, using
 *   `transient` on the errors thrown here.
 */




const CREATE_MAX_ATTEMPTS = 3;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Longest Retry-After the create call honours before its next attempt. */
const MAX_CREATE_RETRY_DELAY_MS = 30_000;
/** A definite failure reported by, or on the way to, Clanforge. */
class ClanforgeError extends Error {
    status;
    /** Safe to ask again later (network trouble, 5xx, 429): only status polls use it. */
    transient;
    retryAfterMs;
    constructor(message, options = {}) {
        super(message, { cause: options.cause });
        this.name = 'ClanforgeError';
        this.status = options.status;
        this.transient = options.transient ?? false;
        this.retryAfterMs = options.retryAfterMs;
    }
}
/** The create request may or may not have been processed: never repeat it. */
class OutcomeUnknownError extends Error {
    constructor(message, options = {}) {
        super(message, { cause: options.cause });
        this.name = 'OutcomeUnknownError';
    }
}
function authorizationHeader(accessKey, secretKey) {
    return `Basic ${Buffer.from(`${accessKey}:${secretKey}`, 'utf8').toString('base64')}`;
}
function endpoint(apiUrl, path, query) {
    const url = new URL(apiUrl.href);
    url.pathname = `${apiUrl.pathname.replace(/\/+$/, '')}/cfp/${path}`;
    url.search = query.toString();
    return url;
}
/** Query of imageversion/create: restart and force always, the rest only when given. */
function createQuery(accountServiceId, params) {
    const q = new URLSearchParams();
    q.set('accountserviceid', String(accountServiceId));
    q.set('diffid', String(params.diffId));
    q.set('restart', params.restart ? '1' : '0');
    q.set('force', params.force ? '1' : '0');
    if (params.full !== undefined)
        q.set('full', params.full ? '1' : '0');
    if (params.gameBuild !== undefined)
        q.set('game_build', params.gameBuild);
    if (params.installAt !== undefined)
        q.set('install_at', String(params.installAt));
    if (params.disableTimeout !== undefined)
        q.set('disable_timeout', String(params.disableTimeout));
    if (params.disablePercentage !== undefined)
        q.set('disable_percentage', params.disablePercentage);
    return q;
}
/** Retry-After as delta seconds or an HTTP date → milliseconds; undefined when absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    if (value === undefined || value.trim() === '')
        return undefined;
    if (/^\s*\d+\s*$/.test(value))
        return Number(value) * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
/** A short, single-line, printable excerpt of a body that is not the JSON we expect. */
function excerpt(body, max = 200) {
    const text = body
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return text.length > max ? `${text.slice(0, max)}…` : text;
}
function statusLine(response) {
    return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}
/** What a person can do about a known error. */
function hintFor(message, status, accountServiceId) {
    const locked = /image locked by diffid:?\s*(\d+)/i.exec(message);
    if (locked) {
        const diff = locked[1];
        return `An earlier diff (${diff}) was neither accepted nor rejected and locks the image: reject it (GET /cfp/v1/imagediff/${diff}/reject?accountserviceid=${accountServiceId}) or create a version from it, then make a new diff.`;
    }
    if (/forbidden/i.test(message) || status === 401 || status === 403) {
        return `Check access_key and secret_key (Clanforge dashboard → Auth Keys) and that these keys have access to accountserviceid ${accountServiceId}.`;
    }
    if (/allocation/i.test(message)) {
        return 'The image has active allocations: retry when they end, or set force: true to install anyway.';
    }
    return undefined;
}
/** Query parameters whose values are secrets: a build URL may embed storage keys. */
const SECRET_PARAMS = new Set(['url']);
function shownQuery(query) {
    const shown = new URLSearchParams();
    for (const [name, value] of query)
        shown.append(name, SECRET_PARAMS.has(name) ? '***' : value);
    return shown.toString().replace(/=\*\*\*/g, '=***');
}
function lower(text) {
    return text.charAt(0).toLowerCase() + text.slice(1);
}
/** The JSON object of a response, or undefined when the body is not one. */
function parseBody(response) {
    try {
        const value = JSON.parse(response.body);
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The body says the request failed (the API may do so with HTTP 200). */
function bodyFailed(body) {
    return body['success'] === false || body['error'] === true || (typeof body['error'] === 'string' && body['error'].trim() !== '');
}
/** The API's own error text: `error_message`, else `error` when it is a string. */
function bodyMessage(body) {
    for (const value of [body['error_message'], body['error']]) {
        if (typeof value === 'string' && value.trim() !== '')
            return value.trim();
    }
    return undefined;
}
/** What a failed answer says about itself, if anything. */
function bodyError(body) {
    const message = bodyMessage(body);
    if (message !== undefined)
        return message;
    return bodyFailed(body) ? 'the request failed (no error message given)' : undefined;
}
class ClanforgeClient {
    options;
    headers;
    secrets;
    constructor(options) {
        this.options = options;
        const authorization = authorizationHeader(options.accessKey, options.secretKey);
        this.headers = {
            Authorization: authorization,
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'User-Agent': options.userAgent
        };
        // Longest first, so a key inside the token is not half-replaced.
        this.secrets = [authorization.slice('Basic '.length), options.secretKey, options.accessKey, ...(options.extraSecrets ?? [])]
            .filter((s) => s.length >= 3)
            .sort((a, b) => b.length - a.length);
    }
    /** Any text that came from outside, with the keys replaced: a proxy may echo headers back. */
    redact(text) {
        return this.secrets.reduce((acc, secret) => acc.split(secret).join('***'), text);
    }
    now() {
        return (this.options.now ?? Date.now)();
    }
    async send(path, query, timeoutMs) {
        const url = endpoint(this.options.apiUrl, path, query);
        const started = this.now();
        const response = await this.options.transport({
            url,
            headers: this.headers,
            timeoutMs: timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            signal: this.options.signal
        });
        this.options.log.debug(`GET ${url.pathname}?${shownQuery(query)} → HTTP ${response.status} in ${this.now() - started} ms`);
        return response;
    }
    async createImageVersion(params) {
        const body = await this.changeState({
            path: 'v1/imageversion/create',
            query: createQuery(this.options.accountServiceId, params),
            label: 'create request',
            what: 'create the image version',
            nothingDone: 'No image version was created',
            idField: 'imageversionid',
            unknownAdvice: this.unknownOutcomeAdvice(params.diffId)
        });
        return { imageVersionId: toNumber(body['imageversionid']), job: parseJob(body) };
    }
    /**
     * One state-changing GET, under the no-duplicate rule: repeated only when it surely
     * was not processed (429/503, or no connection); otherwise its outcome is unknown.
     */
    async changeState(change) {
        const { label, nothingDone, unknownAdvice } = change;
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await this.send(change.path, change.query);
            }
            catch (error) {
                if (!(error instanceof http/* TransportError */.wX))
                    throw error;
                const reason = this.redact(error.message);
                if (error.aborted && !error.sent)
                    throw new ClanforgeError(`Cancelled before the ${label} was sent: ${lower(nothingDone)}.`, { cause: error });
                if (error.aborted)
                    throw new OutcomeUnknownError(`Cancelled while the ${label} was under way. ${unknownAdvice}`, { cause: error });
                if (error.sent) {
                    throw new OutcomeUnknownError(`The ${label} reached Clanforge but no answer came back (${reason}). ${unknownAdvice}`, { cause: error });
                }
                if (attempt < CREATE_MAX_ATTEMPTS) {
                    const delay = 1000 * 2 ** (attempt - 1);
                    this.options.log.warning(`Could not connect to Clanforge (${reason}); nothing was sent. Trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
                    await this.pause(delay, change);
                    continue;
                }
                throw new ClanforgeError(`Could not connect to Clanforge at ${this.options.apiUrl.origin} after ${attempt} attempts (${reason}). ${nothingDone}; the step can be re-run.`, { cause: error });
            }
            if (response.status === 429 || response.status === 503) {
                const told = parseRetryAfter(response.headers['retry-after'], this.now());
                if (attempt < CREATE_MAX_ATTEMPTS) {
                    const delay = Math.min(told ?? 2000 * attempt, MAX_CREATE_RETRY_DELAY_MS);
                    this.options.log.warning(`Clanforge answered ${statusLine(response)}: the request was not processed. Trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
                    await this.pause(delay, change);
                    continue;
                }
                throw new ClanforgeError(`Clanforge answered ${statusLine(response)} to ${attempt} attempts: it is not accepting requests now. ${nothingDone}; re-run the step later.`, { status: response.status });
            }
            const body = parseBody(response);
            if (response.status >= 500) {
                const said = body ? bodyError(body) : undefined;
                const detail = said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response);
                throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)}${detail} to the ${label}. ${unknownAdvice}`);
            }
            if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body))) {
                throw this.failure(response, body, change.what);
            }
            const id = body && change.idField ? toNumber(body[change.idField]) : 0;
            if (!body || id === undefined || !Number.isInteger(id) || id < 0 || (change.idField && id === 0)) {
                const what = body ? `no ${change.idField}` : `a body that is not JSON${this.nonJsonDetail(response)}`;
                throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)} with ${what}. ${unknownAdvice}`);
            }
            return body;
        }
    }
    /** imageupdate/create: pull a build from a URL onto the build machine. */
    async createImageUpdate(params) {
        const query = this.query({ imageid: String(params.imageId), machineid: String(params.machineId), desc: params.desc, url: params.url });
        const body = await this.changeState({
            path: 'v1/imageupdate/create', query, label: 'image update request', what: 'start the image update',
            nothingDone: 'No image update was started', idField: 'updateid',
            unknownAdvice: `It may or may not have started an image update on machine ${params.machineId}, so it was not repeated. Check the image's update jobs in the Clanforge dashboard before re-running.`
        });
        return { updateId: toNumber(body['updateid']), job: parseJob(body) };
    }
    async getImageUpdateStatus(updateId, timeoutMs) {
        return parseJob(await this.read(`v1/imageupdate/${updateId}/status`, this.query({}), `read the status of image update ${updateId}`, timeoutMs));
    }
    /** imagediff/create: compare the image's latest version with the files on the build machine. */
    async createImageDiff(params) {
        const query = this.query({ imageid: String(params.imageId), machineid: String(params.machineId) });
        const asid = this.options.accountServiceId;
        const body = await this.changeState({
            path: 'v1/imagediff/create', query, label: 'diff request', what: 'create the image diff',
            nothingDone: 'No image diff was created', idField: 'diffid',
            unknownAdvice: `It may or may not have created a diff of image ${params.imageId}, so it was not repeated. GET /cfp/v1/image/options?accountserviceid=${asid}&imageid=${params.imageId} names the diff that now locks the image, if any: reject it or create a version from it.`
        });
        return { diffId: toNumber(body['diffid']), job: parseJob(body) };
    }
    /** imagediff/{id}/status with diff_info=1: the job and what changed. */
    async getImageDiffStatus(diffId, timeoutMs) {
        const body = await this.read(`v1/imagediff/${diffId}/status`, this.query({ diff_info: '1' }), `read the status of image diff ${diffId}`, timeoutMs);
        return { job: parseJob(body), changes: parseChanges(body) };
    }
    /** imagediff/{id}/reject with reinstall=0: unlocks the image; state-changing. */
    async rejectImageDiff(diffId) {
        await this.changeState({
            path: `v1/imagediff/${diffId}/reject`, query: this.query({ reinstall: '0' }), label: 'reject request', what: `reject image diff ${diffId}`,
            nothingDone: `Diff ${diffId} was not rejected`,
            unknownAdvice: `It may or may not have rejected diff ${diffId}, so it was not repeated. Check the image in the Clanforge dashboard.`
        });
    }
    /** The wait before a retry; a cancel there means the request was never repeated. */
    async pause(ms, change) {
        try {
            await this.options.sleep(ms, this.options.signal);
        }
        catch (error) {
            if (!this.options.signal?.aborted)
                throw error;
            throw new ClanforgeError(`Cancelled before the ${change.label} was tried again: ${lower(change.nothingDone)}.`, { cause: error });
        }
    }
    query(params) {
        return new URLSearchParams({ accountserviceid: String(this.options.accountServiceId), ...params });
    }
    /** One status request; errors say whether asking again is safe (`transient`). */
    async getImageVersionStatus(imageVersionId, timeoutMs) {
        const query = new URLSearchParams({ accountserviceid: String(this.options.accountServiceId) });
        const what = `read the status of image version ${imageVersionId}`;
        return parseJob(await this.read(`v1/imageversion/${imageVersionId}/status`, query, what, timeoutMs));
    }
    /** The image's rollout across fleets and regions (v2); same error rules as the job status. */
    async getRolloutStatus(imageId, timeoutMs) {
        const path = `v2/project/${this.options.accountServiceId}/image/${imageId}/status`;
        return parseRollout(await this.read(path, new URLSearchParams({ detail: 'true' }), `read the rollout status of image ${imageId}`, timeoutMs));
    }
    /** A safe-to-repeat GET: transient failures are marked so the caller may ask again. */
    async read(path, query, what, timeoutMs) {
        let response;
        try {
            response = await this.send(path, query, timeoutMs);
        }
        catch (error) {
            if (!(error instanceof http/* TransportError */.wX))
                throw error;
            throw new ClanforgeError(`status request failed: ${this.redact(error.message)}`, { transient: !error.aborted, cause: error });
        }
        const body = parseBody(response);
        const transient = response.status >= 500 || response.status === 429 || response.status === 408;
        if (transient || (response.status >= 200 && response.status < 300 && !body)) {
            const said = body ? bodyError(body) : undefined;
            throw new ClanforgeError(`status request answered ${statusLine(response)}${said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response)}`, { status: response.status, transient: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()) });
        }
        if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body))) {
            const notFound = response.status === 404 ? ` (not found for accountserviceid ${this.options.accountServiceId})` : '';
            throw this.failure(response, body, `${what}${notFound}`);
        }
        return body;
    }
    failure(response, body, what) {
        const said = body ? bodyError(body) : undefined;
        const message = said ? this.redact(said) : undefined;
        const hint = hintFor(message ?? '', response.status, this.options.accountServiceId);
        const detail = message ? `: ${message}` : body ? '' : this.nonJsonDetail(response);
        return new ClanforgeError(`Could not ${what}: Clanforge answered ${statusLine(response)}${detail}${hint ? `\n${hint}` : ''}`, { status: response.status });
    }
    nonJsonDetail(response) {
        const type = response.headers['content-type']?.split(';')[0]?.trim();
        const text = this.redact(excerpt(response.body));
        if (text === '')
            return ` (empty body${type ? `, ${type}` : ''})`;
        return ` (not JSON${type ? `, ${type}` : ''}: "${text}")`;
    }
    unknownOutcomeAdvice(diffId) {
        const asid = this.options.accountServiceId;
        return `It may or may not have created an image version, so it was not repeated (a second create could install twice). Before re-running, check in the Clanforge dashboard whether diff ${diffId} became a new image version, or ask GET /cfp/v1/image/options?accountserviceid=${asid}: while diff ${diffId} still locks the image, no version was created from it.`;
    }
}

;// CONCATENATED MODULE: ./src/format.ts
/** Human-readable durations and times for log lines and the summary. */
function formatDuration(ms) {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h > 0)
        return `${h}h${m ? ` ${m}m` : ''}${s ? ` ${s}s` : ''}`;
    if (m > 0)
        return `${m}m${s ? ` ${s}s` : ''}`;
    return `${s}s`;
}
/** Unix seconds → `2026-11-27 12:03:40 UTC`. */
function formatTime(unixSeconds) {
    return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
/** `12:03:40 UTC, in 2m 10s` (or `… ago` once passed). */
function formatEta(unixSeconds, nowMs) {
    const delta = unixSeconds * 1000 - nowMs;
    const when = formatTime(unixSeconds).slice(11);
    return delta >= 0 ? `${when}, in ${formatDuration(delta)}` : `${when}, ${formatDuration(-delta)} ago`;
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Turns the step's inputs into a typed, validated Settings object. Every problem is
 * collected so the user sees all of them in one run, and nothing is sent until the
 * inputs are valid.
 */
const MAX_WAIT_TIMEOUT_SECONDS = 6 * 60 * 60;
const DEFAULT_API_URL = 'https://api.multiplay.co.uk';
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.length === 1
            ? `Invalid input: ${problems[0]}`
            : `Invalid inputs (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`);
        this.name = 'InputError';
        this.problems = problems;
    }
}
/** Inputs whose values must never be echoed back. */
const SECRET_INPUTS = new Set(['access_key', 'secret_key', 'update_url']);
/** Collects problems while reading inputs one by one. */
class InputReader {
    problems = [];
    read;
    constructor(read) {
        this.read = read;
    }
    raw(name) {
        return this.read(name);
    }
    fail(name, value, expected) {
        const shown = SECRET_INPUTS.has(name) ? '' : ` is '${value}':`;
        this.problems.push(`input '${name}'${shown || ':'} expected ${expected}`);
        return undefined;
    }
    required(name, what) {
        const value = this.read(name);
        if (value === '')
            this.problems.push(`input '${name}' is required: ${what}`);
        return value;
    }
    positiveInteger(name, required) {
        const value = this.read(name);
        if (value === '') {
            if (required)
                this.problems.push(`input '${name}' is required: a positive integer, for example 12345`);
            return undefined;
        }
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(n) || n <= 0)
            return this.fail(name, value, 'a positive integer, for example 12345');
        return n;
    }
    boolean(name) {
        const value = this.read(name);
        if (value === '')
            return undefined;
        if (['true', 'True', 'TRUE', '1'].includes(value))
            return true;
        if (['false', 'False', 'FALSE', '0'].includes(value))
            return false;
        return this.fail(name, value, 'a boolean: true or false (also True, TRUE, False, FALSE, 1, 0)');
    }
    duration(name, fallbackSeconds, minSeconds, maxSeconds, expected) {
        const value = this.read(name);
        if (value === '')
            return fallbackSeconds;
        const seconds = parseDuration(value);
        if (seconds === undefined || seconds < minSeconds || seconds > maxSeconds) {
            this.fail(name, value, expected);
            return fallbackSeconds;
        }
        return seconds;
    }
}
/** `3600`, `90s`, `30m`, `2h`, `1h30m`, `1h2m3s` → seconds; undefined when malformed. */
function parseDuration(text) {
    if (/^\d+$/.test(text))
        return Number(text);
    const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
    if (!match || text === '')
        return undefined;
    const [, h = '0', m = '0', s = '0'] = match;
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
/** Unix seconds, or an ISO-8601 date-time with a zone → unix seconds. */
function parseInstallAt(text) {
    if (/^\d+$/.test(text)) {
        const n = Number(text);
        return Number.isSafeInteger(n) && n > 0 ? n : undefined;
    }
    if (!ISO_DATE_TIME.test(text))
        return undefined;
    const [, month, day, hour, minute, second] = /^\d{4}-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/i.exec(text) ?? [];
    // Date.parse rolls impossible dates over (Feb 30 → Mar 2); refuse them instead.
    if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysIn(text))
        return undefined;
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)
        return undefined;
    const ms = Date.parse(text.replace(' ', 'T'));
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
function daysIn(text) {
    const year = Number(text.slice(0, 4));
    const month = Number(text.slice(5, 7));
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
/** https anywhere; plain http only where keys cannot travel in clear: loopback hosts. */
function parseApiUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return undefined;
    }
    if (url.username || url.password || url.search || url.hash)
        return undefined;
    if (url.protocol === 'http:' && !isLoopback(url.hostname))
        return undefined;
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return undefined;
    url.pathname = url.pathname.replace(/\/+$/, '');
    return url;
}
function isLoopback(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
/** What to show of a URL in an error: never credentials it may carry. */
function redactUrl(text) {
    return text.replace(/\/\/[^/@]*@/, '//***@');
}
function readSettings(read) {
    const r = new InputReader(read);
    const accessKey = r.required('access_key', "the Clanforge access key (dashboard → Auth Keys), e.g. ${{ secrets.CLANFORGE_ACCESS_KEY }}");
    if (accessKey.includes(':'))
        r.fail('access_key', '', "a key without ':' (Basic authentication cannot carry it)");
    const secretKey = r.required('secret_key', "the Clanforge secret key, e.g. ${{ secrets.CLANFORGE_SECRET_KEY }}");
    const accountServiceId = r.positiveInteger('accountserviceid', true);
    const diffId = r.positiveInteger('diffid', false);
    const machineId = r.positiveInteger('machineid', false);
    const updateUrlText = r.raw('update_url');
    let updateUrl;
    if (updateUrlText !== '') {
        if (/^https?:\/\/[^\s]+$/i.test(updateUrlText) && URL.canParse(updateUrlText))
            updateUrl = updateUrlText;
        else
            r.fail('update_url', '', 'an http(s):// URL the build machine can download the build from');
    }
    const updateDesc = r.raw('update_desc') || undefined;
    const restart = r.boolean('restart') ?? false;
    const fullText = r.raw('full');
    const full = fullText === 'auto' ? 'auto' : r.boolean('full');
    if (full === undefined && fullText !== '') {
        // r.boolean reported it; say that auto is accepted too.
        r.problems[r.problems.length - 1] += ', or auto (full only when the diff has no changes)';
    }
    const onNoChangesText = r.raw('on_no_changes') || 'deploy';
    let onNoChanges = 'deploy';
    if (onNoChangesText === 'deploy' || onNoChangesText === 'skip' || onNoChangesText === 'fail')
        onNoChanges = onNoChangesText;
    else
        r.fail('on_no_changes', onNoChangesText, 'deploy (a full version), skip (reject the empty diff, create nothing, succeed) or fail (reject it and fail)');
    const rejectLockingDiff = r.boolean('reject_locking_diff') ?? false;
    const force = r.boolean('force') ?? false;
    const wait = r.boolean('wait') ?? false;
    const gameBuild = r.raw('game_build') || undefined;
    const installAtText = r.raw('install_at');
    let installAt;
    if (installAtText !== '') {
        installAt = parseInstallAt(installAtText);
        if (installAt === undefined) {
            r.fail('install_at', installAtText, 'unix seconds (e.g. 1767236400) or an ISO-8601 date-time with a zone (e.g. 2026-12-01T03:00:00Z)');
        }
    }
    const disableTimeoutText = r.raw('disable_timeout');
    const disablePercentageText = r.raw('disable_percentage');
    const disableTimeout = r.positiveInteger('disable_timeout', false);
    let disablePercentage;
    if (disablePercentageText !== '') {
        const n = Number(disablePercentageText);
        if (/^\d{1,3}(?:\.\d{1,2})?$/.test(disablePercentageText) && n >= 0 && n <= 100) {
            disablePercentage = disablePercentageText;
        }
        else {
            r.fail('disable_percentage', disablePercentageText, 'a decimal from 0.00 to 100.00, e.g. 90 or 97.5');
        }
    }
    if ((disableTimeoutText === '') !== (disablePercentageText === '')) {
        const missing = disableTimeoutText === '' ? 'disable_timeout' : 'disable_percentage';
        const given = disableTimeoutText === '' ? 'disable_percentage' : 'disable_timeout';
        r.problems.push(`input '${missing}' is required when '${given}' is given: Clanforge takes disable_timeout (whole minutes) and disable_percentage (0.00 to 100.00) together`);
    }
    const waitForText = r.raw('wait_for') || 'job';
    let waitFor = 'job';
    if (waitForText === 'job' || waitForText === 'rollout')
        waitFor = waitForText;
    else
        r.fail('wait_for', waitForText, "'job' (until the image version job ends) or 'rollout' (then until no machine is pending)");
    const imageId = r.positiveInteger('imageid', false);
    // Either a diff from elsewhere, or the action makes one from imageid and machineid.
    if (r.raw('diffid') !== '') {
        if (r.raw('machineid') !== '')
            r.problems.push("input 'machineid' is not used with 'diffid': give diffid (a diff made elsewhere), or imageid and machineid (the action makes the diff)");
        if (updateUrlText !== '')
            r.problems.push("input 'update_url' is not used with 'diffid': the build is pulled before the action makes the diff, so give imageid and machineid instead of diffid");
    }
    else {
        const missing = ['imageid', 'machineid'].filter((name) => r.raw(name) === '');
        if (missing.length === 2) {
            r.problems.push("input 'diffid' is required unless the action makes the diff: give diffid (a completed diff, a positive integer), or imageid and machineid");
        }
        else if (missing.length === 1) {
            r.problems.push(`input '${missing[0]}' is required when 'diffid' is not given: the action makes the diff from imageid and machineid (positive integers)`);
        }
    }
    if (waitFor === 'rollout' && r.raw('imageid') === '' && r.raw('diffid') !== '') {
        r.problems.push("input 'imageid' is required when 'wait_for' is 'rollout': the id of the image whose rollout to wait for, a positive integer");
    }
    const maxFailedText = r.raw('max_failed_machines');
    let maxFailedMachines = 0;
    if (maxFailedText !== '') {
        if (/^\d+$/.test(maxFailedText) && Number.isSafeInteger(Number(maxFailedText)))
            maxFailedMachines = Number(maxFailedText);
        else
            r.fail('max_failed_machines', maxFailedText, 'a whole number >= 0, e.g. 0 or 2');
    }
    const waitTimeoutSeconds = r.duration('wait_timeout', 3600, 1, MAX_WAIT_TIMEOUT_SECONDS, 'seconds or a duration such as 90s, 30m, 2h, 1h30m; more than 0 and at most 6h');
    const pollIntervalSeconds = r.duration('poll_interval', 10, 1, MAX_WAIT_TIMEOUT_SECONDS, 'whole seconds >= 1 (or a duration such as 15s, 1m)');
    const apiUrlText = r.raw('api_url') || DEFAULT_API_URL;
    const apiUrl = parseApiUrl(apiUrlText);
    if (!apiUrl) {
        r.fail('api_url', redactUrl(apiUrlText), 'an https:// URL without credentials, query or fragment, e.g. https://api.multiplay.co.uk (plain http:// only for loopback hosts: 127.0.0.0/8, localhost, [::1])');
    }
    if (r.problems.length > 0)
        throw new InputError(r.problems);
    return {
        accessKey,
        secretKey,
        accountServiceId: accountServiceId,
        diffId,
        machineId,
        updateUrl,
        updateDesc,
        restart,
        full,
        onNoChanges,
        rejectLockingDiff,
        gameBuild,
        force,
        installAt,
        disableTimeout: disableTimeout,
        disablePercentage,
        wait: wait || waitFor === 'rollout',
        waitFor,
        imageId,
        maxFailedMachines,
        waitTimeoutMs: waitTimeoutSeconds * 1000,
        pollIntervalMs: pollIntervalSeconds * 1000,
        apiUrl: apiUrl
    };
}

;// CONCATENATED MODULE: ./src/errors.ts
/**
 * An expected way for the step to fail (a failed job, a timeout, an empty diff under
 * on_no_changes: fail): its message says everything, so no stack trace is logged.
 */
class StepFailure extends Error {
    constructor(message) {
        super(message);
        this.name = 'StepFailure';
    }
}

;// CONCATENATED MODULE: ./src/outputs.ts



/** The job fields exposed as outputs; missing fields become empty strings. */
function jobOutputs(imageVersionId, job) {
    const text = (value) => (value === undefined ? '' : String(value));
    return {
        imageversionid: String(imageVersionId),
        jobstatename: text(job.stateName),
        jobstateid: text(job.stateId),
        jobprogress: text(job.progress),
        jobfailed: text(job.failed),
        joberror: text(job.error),
        jobeta: text(job.eta),
        jobcreated: text(job.created),
        jobupdated: text(job.updated)
    };
}
function setJobOutputs(core, imageVersionId, job) {
    for (const [name, value] of Object.entries(jobOutputs(imageVersionId, job)))
        core.setOutput(name, value);
}
/** The rollout outputs: machine counts and how the rollout wait ended. */
function rolloutOutputs(rollout, result) {
    const text = (n) => (n === undefined ? '' : String(n));
    return {
        completed_machines: text(rollout?.completed),
        pending_machines: text(rollout?.pending),
        failed_machines: text(rollout?.failed),
        rollout: result
    };
}
function setRolloutOutputs(core, rollout, result) {
    for (const [name, value] of Object.entries(rolloutOutputs(rollout, result)))
        core.setOutput(name, value);
}
const HEADLINES = {
    skipped: '⏭️ No changes: the empty diff was rejected and no version was created (on_no_changes: skip)',
    created: '✅ Image version created (not waited for)',
    complete: '✅ Image version installed: job Complete',
    'rolled-out': '✅ Image version installed and rolled out: no machine pending',
    failed: '❌ Image version job failed',
    'rollout-failed': '❌ Rollout failed: more machines failed to install than max_failed_machines allows',
    squashed: '❌ Image version job squashed (superseded)',
    timeout: '⏱️ Timed out waiting for the image version job (it goes on in Clanforge)',
    cancelled: '🛑 Cancelled (a job already created goes on in Clanforge)',
    error: '❌ The step failed'
};
/** The summary lists at most this many changed paths. */
const MAX_LISTED_PATHS = 50;
function headline(report) {
    if (report.result !== 'timeout')
        return HEADLINES[report.result];
    if (report.imageVersionId === undefined) {
        const stage = report.stages.at(-1)?.stage.toLowerCase() ?? 'the first stage';
        return `⏱️ Timed out waiting for the ${stage}: no image version was created`;
    }
    if (report.rollout && report.job?.stateId === 5)
        return '⏱️ Timed out waiting for the rollout (machines go on installing in Clanforge)';
    return HEADLINES.timeout;
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function summaryRows(report, context) {
    const job = report.job;
    const rows = [];
    rows.push(['Image version', report.imageVersionId !== undefined ? String(report.imageVersionId) : '–']);
    rows.push(['Diff', report.diffId !== undefined ? String(report.diffId) : '–']);
    if (job) {
        rows.push(['State', `${job.stateName ?? 'unknown'}${job.stateId !== undefined ? ` (${job.stateId})` : ''}`]);
        rows.push(['Progress', job.progress !== undefined ? `${job.progress}%` : '–']);
        if (job.eta !== undefined && (report.result === 'created' || report.result === 'timeout' || report.result === 'cancelled'))
            rows.push(['ETA', formatTime(job.eta)]);
        if (job.error)
            rows.push(['Job error', job.error]);
    }
    if (report.rollout) {
        const { imageId, status, result } = report.rollout;
        rows.push(['Rollout', `image ${imageId}: ${result ?? 'not finished'}${status ? ` (${describeRollout(status)})` : ''}`]);
    }
    const waitedOnSomething = report.waited || report.stages.some((r) => r.stage !== 'Image version');
    rows.push(['Duration', `${formatDuration(report.durationMs)}${waitedOnSomething ? '' : ' (no wait)'}`]);
    if (context.ref)
        rows.push(['Ref', context.ref]);
    if (context.sha)
        rows.push(['Commit', context.sha]);
    return [
        [{ data: 'Field', header: true }, { data: 'Value', header: true }],
        ...rows.map(([k, v]) => [k, escapeHtml(v).replace(/\r?\n/g, '<br>')])
    ];
}
async function writeSummary(summary, report, context) {
    summary.addHeading('Clanforge image version', 2).addRaw(headline(report), true);
    summary.addTable(summaryRows(report, context));
    if (report.stages.some((r) => r.stage !== 'Image version')) {
        summary.addHeading('Stages', 3).addTable([
            ['Stage', 'Id', 'State', 'Duration'].map((data) => ({ data, header: true })),
            ...report.stages.map((r) => [r.stage, String(r.id), escapeHtml(r.state), formatDuration(r.durationMs)])
        ]);
    }
    if (report.changes) {
        const c = report.changes;
        summary.addHeading('Diff', 3).addRaw(describeChanges(c), true);
        const listed = changedPaths(c);
        if (listed.length > 0) {
            const more = listed.length > MAX_LISTED_PATHS ? `\n… and ${listed.length - MAX_LISTED_PATHS} more` : '';
            summary.addRaw(`<pre>${escapeHtml(listed.slice(0, MAX_LISTED_PATHS).join('\n') + more)}</pre>`, true);
        }
    }
    if (report.message && !['complete', 'created', 'rolled-out', 'skipped'].includes(report.result)) {
        summary.addRaw(`<pre>${escapeHtml(report.message)}</pre>`, true);
    }
    const fleets = report.rollout?.status?.fleets ?? [];
    if (fleets.length > 0) {
        summary.addHeading('Rollout by fleet and region', 3).addTable(fleetRows(report.rollout?.status));
        const pending = fleets.filter((f) => f.pending > 0);
        if (report.rollout?.result === 'timeout' && pending.length > 0) {
            summary.addRaw(`Still pending: ${escapeHtml(pending.map((f) => `${f.name ?? f.id} (${f.pending})`).join(', '))}`, true);
        }
    }
    if (context.runUrl)
        summary.addRaw(`<a href="${escapeHtml(context.runUrl)}">Workflow run</a>`, true);
    await summary.write();
}
/** Fleet/region table: one row per region, fleets' totals first. */
function fleetRows(rollout) {
    const header = ['Fleet', 'Region', 'Completed', 'Pending', 'Failed'].map((data) => ({ data, header: true }));
    const rows = [header];
    for (const fleet of rollout.fleets) {
        const fleetName = escapeHtml(fleet.name ?? fleet.id);
        rows.push([`<b>${fleetName}</b>`, 'all', String(fleet.completed), String(fleet.pending), String(fleet.failed)]);
        for (const region of fleet.regions) {
            rows.push([fleetName, escapeHtml(region.name ?? region.id), String(region.completed), String(region.pending), String(region.failed)]);
        }
    }
    return rows;
}

;// CONCATENATED MODULE: ./src/schedule.ts
/*
 * Poll scheduling for a running Clanforge job.
 *
 * Fixed 10 s polling is already the cheapest schedule that can exist when no
 * interval may exceed 10 s: it needs ceil(duration / 10 s) requests. What it
 * wastes is time: the end is noticed 5 s late on average. So this policy keeps
 * the 10 s pace (and the 10 s grid) and only moves the one poll that should
 * see the end:
 *
 * 1. Predict the end. The job's ETA (jobeta, whole seconds, averaged over the
 *    last few responses) is used while it is steady, not yet passed, and
 *    consistent with the progress trend; otherwise the end is extrapolated by a
 *    least-squares line through the last few percent of progress (Running only,
 *    since the last backward step), which also yields an uncertainty.
 * 2. While the predicted end plus a margin (1 s for whole-second ETAs, plus the
 *    estimate's uncertainty) is more than one interval away, wait intervalMs.
 *    Once it is within reach, wait exactly until it: a single poll lands just
 *    after the predicted end instead of up to 10 s after it.
 * 3. If that poll finds the job still running and the estimate does not move,
 *    the prediction was early (bad ETA, clock skew, stalled job): back off
 *    linearly with the time overdue, minInterval + overdue / 2, so the delay
 *    returns to intervalMs 18 s past the prediction instead of hammering.
 * 4. No ETA and no progress change (or progress stalled): plain intervalMs.
 * Every result is clamped to [minIntervalMs, intervalMs].
 */
const DEFAULT_POLICY = { intervalMs: 10_000, minIntervalMs: 1_000 };
const RUNNING = 4;
/** jobeta has whole-second resolution: aim this far past it. */
const ETA_QUANTUM_MS = 1_000;
/** ETAs of the last few responses are averaged when they spread no more than this. */
const ETA_SAMPLES = 4;
const ETA_STEADY_SPREAD_MS = 2_000;
/**
 * Progress trend: the observations covering the last few percent (at least
 * PROGRESS_MIN_POINTS of them, none older than PROGRESS_MAX_AGE_MS). Short enough to
 * follow an uneven install rate, long enough to average out whole-percent truncation.
 */
const PROGRESS_WINDOW_PERCENT = 6;
const PROGRESS_MAX_AGE_MS = 300_000;
const PROGRESS_MIN_POINTS = 3;
const PROGRESS_MAX_POINTS = 40;
/** Progress unchanged for this many expected per-percent periods counts as stalled. */
const STALL_PERIODS = 3;
/**
 * Margin per standard error of the predicted end. The trade-off knob: larger means
 * fewer polls that come too early (each costs one request over fixed polling), but
 * a later detection. 0.25 keeps a 10-minute job's mean delay under 1.5 s in the bench.
 */
const UNCERTAINTY_WEIGHT = 0.25;
/** ETA and progress trend agree within AGREE_MIN_MS + AGREE_SPREADS uncertainties + AGREE_SHARE of the time left. */
const AGREE_MIN_MS = 4_000;
const AGREE_SPREADS = 3;
const AGREE_SHARE = 0.1;
/** After a missed prediction the delay grows by this share of the time overdue. */
const OVERDUE_GROWTH = 0.5;
/** Delay in ms from the latest observation to the next status request. history is oldest-first, non-empty. */
function nextPollDelay(history, policy) {
    const { minMs, maxMs } = bounds(policy);
    const last = history[history.length - 1];
    if (last === undefined || !Number.isFinite(last.atMs))
        return maxMs;
    const estimate = estimateEnd(history, last.atMs);
    if (estimate === undefined)
        return maxMs;
    return clamp(Math.round(delayTowards(estimate, last.atMs, minMs, maxMs)), minMs, maxMs);
}
function bounds(policy) {
    const minMs = positiveOr(policy.minIntervalMs, DEFAULT_POLICY.minIntervalMs);
    const maxMs = positiveOr(policy.intervalMs, DEFAULT_POLICY.intervalMs);
    // An interval below the floor is raised to it: the floor protects the API.
    return { minMs, maxMs: Math.max(minMs, maxMs) };
}
function positiveOr(value, fallback) {
    return Number.isFinite(value) && value > 0 ? value : fallback;
}
function clamp(value, min, max) {
    return Math.min(max, Math.max(min, value));
}
function delayTowards(estimate, nowMs, minMs, maxMs) {
    const targetMs = estimate.endMs + estimate.baseMarginMs + UNCERTAINTY_WEIGHT * estimate.spreadMs;
    const remainingMs = targetMs - nowMs;
    if (remainingMs <= 0) {
        // Already past the aimed-at instant and still running: the prediction was early.
        return minMs + OVERDUE_GROWTH * Math.max(0, nowMs - estimate.endMs);
    }
    // Full steps until the target is within one interval: a shorter step would fall
    // behind fixed polling's grid and could cost a request at the end.
    return Math.min(remainingMs, maxMs);
}
function estimateEnd(history, nowMs) {
    const fromProgress = progressEstimate(history, nowMs);
    const fromEta = etaEstimate(history);
    if (fromEta === undefined)
        return fromProgress;
    if (fromProgress === undefined)
        return fromEta;
    // Both: the ETA is sharper (whole seconds) but may simply be wrong. Trust it while
    // the progress trend roughly agrees and it has not yet passed unfulfilled.
    const etaPassed = nowMs >= fromEta.endMs + fromEta.baseMarginMs + fromEta.spreadMs;
    const toleranceMs = AGREE_MIN_MS +
        AGREE_SPREADS * (fromEta.spreadMs + fromProgress.spreadMs) +
        AGREE_SHARE * Math.max(0, fromProgress.endMs - nowMs);
    if (etaPassed)
        return fromProgress.endMs > fromEta.endMs ? fromProgress : fromEta;
    // A jumpy ETA is only a hint; the trend is steadier.
    if (fromEta.spreadMs > 0)
        return fromProgress;
    return Math.abs(fromEta.endMs - fromProgress.endMs) <= toleranceMs ? fromEta : fromProgress;
}
function etaEstimate(history) {
    const etas = [];
    for (let i = history.length - 1; i >= 0 && etas.length < ETA_SAMPLES; i--) {
        const eta = history[i]?.etaMs;
        if (eta === undefined || !Number.isFinite(eta) || eta <= 0)
            break;
        etas.push(eta);
    }
    const latest = etas[0];
    if (latest === undefined)
        return undefined;
    const spread = Math.max(...etas) - Math.min(...etas);
    if (spread <= ETA_STEADY_SPREAD_MS) {
        // Steady: averaging smooths the whole-second rounding of a re-estimated ETA.
        return { endMs: etas.reduce((a, b) => a + b, 0) / etas.length, spreadMs: 0, baseMarginMs: ETA_QUANTUM_MS };
    }
    // Jumpy: follow the latest value, but aim later in proportion to the jumps.
    return { endMs: latest, spreadMs: spread / 2, baseMarginMs: ETA_QUANTUM_MS };
}
function progressEstimate(history, nowMs) {
    const points = [];
    for (let i = history.length - 1; i >= 0 && points.length < PROGRESS_MAX_POINTS; i--) {
        const o = history[i];
        if (o === undefined)
            break;
        // Before Running progress does not advance; it would flatten the trend.
        if (o.stateId !== undefined && o.stateId !== RUNNING)
            break;
        if (o.progress === undefined || !Number.isFinite(o.progress) || !Number.isFinite(o.atMs))
            continue;
        const newer = points[points.length - 1];
        // A backward step restarts the trend: only what came after it describes the job now.
        if (newer !== undefined && o.progress > newer.p)
            break;
        if (points.length >= PROGRESS_MIN_POINTS) {
            if (nowMs - o.atMs > PROGRESS_MAX_AGE_MS || (points[0]?.p ?? 0) - o.progress > PROGRESS_WINDOW_PERCENT)
                break;
        }
        points.push({ t: o.atMs - nowMs, p: clamp(o.progress, 0, 100) });
    }
    const latest = points[0];
    if (latest === undefined)
        return undefined;
    if (latest.p >= 100) {
        // Says done but is not: treat the moment it first said so as the predicted end.
        let since = latest.t;
        for (const pt of points) {
            if (pt.p < 100)
                break;
            since = pt.t;
        }
        return { endMs: nowMs + since, spreadMs: 0, baseMarginMs: 0 };
    }
    if (points.length < 2)
        return undefined;
    // Integer progress is truncated: the true value lies in [p, p + 1), centre it.
    const n = points.length;
    let sumT = 0;
    let sumP = 0;
    for (const pt of points) {
        sumT += pt.t;
        sumP += pt.p + 0.5;
    }
    const meanT = sumT / n;
    const meanP = sumP / n;
    let sxx = 0;
    let sxy = 0;
    for (const pt of points) {
        sxx += (pt.t - meanT) ** 2;
        sxy += (pt.t - meanT) * (pt.p + 0.5 - meanP);
    }
    if (sxx <= 0)
        return undefined;
    const slope = sxy / sxx; // percent per ms
    if (!(slope > 0))
        return undefined;
    // Stalled: the current value has been showing for longer than three percent should take.
    let changedAt = latest.t;
    for (const pt of points) {
        if (pt.p !== latest.p)
            break;
        changedAt = pt.t;
    }
    if (-changedAt > STALL_PERIODS / slope)
        return undefined;
    const intercept = meanP - slope * meanT; // fitted progress now (t = 0)
    const endT = (100 - intercept) / slope;
    let residual = 0;
    for (const pt of points)
        residual += (pt.p + 0.5 - (intercept + slope * pt.t)) ** 2;
    // Truncation alone leaves a uniform error of variance 1/12.
    const sigma = Math.sqrt(Math.max(1 / 12, n > 2 ? residual / (n - 2) : 0));
    const seAtEnd = sigma * Math.sqrt(1 / n + (endT - meanT) ** 2 / sxx);
    return { endMs: nowMs + endT, spreadMs: seAtEnd / slope, baseMarginMs: 0 };
}

;// CONCATENATED MODULE: ./src/wait.ts
/**
 * The wait loop: poll a job (or a rollout) until it ends or the time is up. When to poll comes
 * from the pure scheduler (schedule.ts); time and sleep are injected, so tests run
 * the loop on a fake clock.
 */



/** The options every wait shares: the time left before the deadline, the user's pace, the per-request limit. */
function loopOptions(deadline, intervalMs, clock, signal) {
    return {
        timeoutMs: Math.max(0, deadline - clock.now()),
        policy: { ...DEFAULT_POLICY, intervalMs },
        clock,
        signal,
        requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS
    };
}
/** Backoff after failed polls: 2 s, 4 s, 8 s … at most this. */
const MAX_ERROR_BACKOFF_MS = 30_000;
/** Observations kept for the scheduler; enough to see the progress rate. */
const HISTORY_LIMIT = 50;
function observe(job, atMs) {
    return {
        atMs,
        stateId: job.stateId,
        progress: job.progress,
        etaMs: job.eta !== undefined ? job.eta * 1000 : undefined
    };
}
function changed(a, b) {
    return a.stateId !== b.stateId || a.stateName !== b.stateName || a.progress !== b.progress || a.eta !== b.eta || a.error !== b.error;
}
function errorBackoffMs(failures, error, policy) {
    const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 2000 * 2 ** (failures - 1));
    return Math.max(policy.minIntervalMs, error.retryAfterMs ?? 0, backoff);
}
const JOB_TARGET = { done: (job) => outcomeOf(job) !== 'running', observe, changed };
async function waitForJob(poll, initial, options) {
    const result = await pollUntil(poll, initial, JOB_TARGET, options);
    return { outcome: outcomeOf(result.value), job: result.value, timedOut: result.timedOut, polls: result.polls };
}
/** Polls until target.done, the deadline, or a failure that is not transient. */
async function pollUntil(poll, initial, target, options) {
    const { clock, policy } = options;
    const deadline = clock.now() + options.timeoutMs;
    let value = initial;
    let polls = 0;
    let failures = 0;
    let retryDelay = options.pollFirst ? 0 : undefined;
    const history = [target.observe(value, clock.now())];
    for (;;) {
        if (target.done(value))
            return { value, timedOut: false, polls };
        const now = clock.now();
        if (now >= deadline)
            return { value, timedOut: true, polls };
        // The scheduler's delay counts from the latest observation; a retry's from now.
        const last = history[history.length - 1];
        const wake = retryDelay !== undefined ? now + retryDelay : last.atMs + nextPollDelay(history, policy);
        // The last poll lands on the deadline, so the timeout reports the latest state,
        // unless that would poll sooner than once a second after the previous one.
        if (wake >= deadline && deadline - last.atMs < policy.minIntervalMs && polls > 0) {
            await clock.sleep(Math.max(0, deadline - now), options.signal);
            return { value, timedOut: true, polls };
        }
        await clock.sleep(Math.max(0, Math.min(wake, deadline) - now), options.signal);
        const remaining = deadline - clock.now();
        polls++;
        try {
            const next = await poll(Math.min(options.requestTimeoutMs, Math.max(remaining, 2000)));
            failures = 0;
            retryDelay = undefined;
            history.push(target.observe(next, clock.now()));
            if (history.length > HISTORY_LIMIT)
                history.shift();
            const previous = value;
            value = next;
            if (target.changed(previous, next))
                options.onUpdate(next);
        }
        catch (error) {
            if (!(error instanceof ClanforgeError) || !error.transient || options.signal?.aborted)
                throw error;
            failures++;
            retryDelay = errorBackoffMs(failures, error, policy);
            options.onRetry(error, retryDelay);
        }
    }
}

;// CONCATENATED MODULE: ./src/prepare.ts







/** Thrown when the deadline passes during a stage; main reports it as a timeout. */
class StageTimeoutError extends StepFailure {
    constructor(message) {
        super(message);
        this.name = 'StageTimeoutError';
    }
}
const LOCKED = /image locked by diffid:?\s*(\d+)/i;
/** Wait for a job-like stage to end; returns the Complete job, throws on anything else. */
async function waitStage(ctx, stage, id, initial, poll) {
    const { core, clock, settings } = ctx;
    const row = ctx.report.stages.find((r) => r.stage === stage && r.id === id);
    const started = clock.now();
    core.startGroup(`Waiting for ${stage.toLowerCase()} ${id}`);
    let result;
    try {
        result = await waitForJob(poll, initial, {
            ...loopOptions(ctx.deadline(), settings.pollIntervalMs, clock, ctx.signal),
            onUpdate: (job) => {
                if (row)
                    row.state = describeState(job);
                core.info(`${stage} ${id}: ${describeState(job)}`);
            },
            onRetry: (error, retryMs) => core.warning(`Could not read the status of ${stage.toLowerCase()} ${id} (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`)
        });
    }
    finally {
        core.endGroup();
        if (row)
            row.durationMs = clock.now() - started;
    }
    const state = describeState(result.job);
    if (row)
        row.state = state;
    if (result.timedOut) {
        throw new StageTimeoutError(`Timed out after waiting ${formatDuration(settings.waitTimeoutMs)} (wait_timeout) for ${stage.toLowerCase()} ${id}: last state ${state}. It goes on in Clanforge; no image version was created.`);
    }
    if (result.outcome === 'failed') {
        // A failed diff is still open and locks the image until someone rejects it.
        const unlock = stage === 'Image diff'
            ? ` Diff ${id} may still lock the image: reject it (GET /cfp/v1/imagediff/${id}/reject?accountserviceid=${settings.accountServiceId}&reinstall=0) before the next run.`
            : '';
        throw new StepFailure(`${stage} ${id} failed (job ${state})${result.job.error ? `:\n${result.job.error}` : ' (Clanforge gave no error text).'}\nNo image version was created.${unlock}`);
    }
    if (result.outcome === 'squashed') {
        throw new StepFailure(`${stage} ${id} was squashed (job ${state}): a newer job superseded it. No image version was created.`);
    }
    return result.job;
}
function track(ctx, stage, id, job) {
    ctx.report.stages.push({ stage, id, state: describeState(job), durationMs: 0 });
}
async function updateStage(ctx, url) {
    const { client, settings: s, core } = ctx;
    const desc = s.updateDesc ?? ctx.defaultUpdateDesc;
    core.info(`Pulling the build onto machine ${s.machineId} for image ${s.imageId} (image update "${desc}")`);
    const { updateId, job } = await client.createImageUpdate({ imageId: s.imageId, machineId: s.machineId, desc, url });
    ctx.report.updateId = updateId;
    core.setOutput('updateid', String(updateId));
    track(ctx, 'Image update', updateId, job);
    core.info(`Started image update ${updateId}: ${describeState(job)}`);
    await waitStage(ctx, 'Image update', updateId, job, (t) => client.getImageUpdateStatus(updateId, t));
}
/** imagediff/create, rejecting the diff that locks the image once when allowed. */
async function createDiff(ctx) {
    const { client, settings: s, core } = ctx;
    const params = { imageId: s.imageId, machineId: s.machineId };
    core.info(`Creating a diff of image ${params.imageId} against machine ${params.machineId}`);
    try {
        return await client.createImageDiff(params);
    }
    catch (error) {
        const locked = error instanceof ClanforgeError ? LOCKED.exec(error.message) : null;
        if (!locked)
            throw error;
        const lockingDiff = Number(locked[1]);
        if (!s.rejectLockingDiff) {
            throw new ClanforgeError(`Could not create the image diff: image ${params.imageId} is locked by diff ${lockingDiff}, which was neither accepted nor rejected.\n` +
                `Reject it (GET /cfp/v1/imagediff/${lockingDiff}/reject?accountserviceid=${s.accountServiceId}&reinstall=0) or create a version from it, then re-run; or set reject_locking_diff: true to let the action reject it.`, { status: error instanceof ClanforgeError ? error.status : undefined, cause: error });
        }
        core.warning(`Image ${params.imageId} is locked by diff ${lockingDiff}. reject_locking_diff is true: REJECTING DIFF ${lockingDiff} (reinstall=0) and creating the diff again, once.`);
        await client.rejectImageDiff(lockingDiff);
        core.info(`Rejected diff ${lockingDiff}.`);
        return client.createImageDiff(params);
    }
}
/** Reads the diff's changes, waiting for it to complete first. */
async function diffStage(ctx, created, givenDiffId) {
    const { client, core } = ctx;
    let latest;
    const poll = async (t) => {
        latest = await client.getImageDiffStatus(diffId, t);
        return latest.job;
    };
    let diffId;
    let initial;
    if (created) {
        diffId = created.diffId;
        initial = created.job;
    }
    else {
        diffId = givenDiffId;
        core.info(`Reading what diff ${diffId} changed`);
        initial = await readFirst(ctx, () => poll(DEFAULT_REQUEST_TIMEOUT_MS));
    }
    track(ctx, 'Image diff', diffId, initial);
    if (outcomeOf(initial) !== 'complete')
        await waitStage(ctx, 'Image diff', diffId, initial, poll);
    // A diff already complete when created was never polled: read what it changed.
    if (latest === undefined)
        await readFirst(ctx, () => poll(DEFAULT_REQUEST_TIMEOUT_MS));
    const changes = latest?.changes;
    return { diffId, changes };
}
/** One safe status read, retried like a poll while it fails transiently. */
async function readFirst(ctx, read) {
    const result = await pollUntil(async () => read(), undefined, {
        done: (job) => job !== undefined,
        observe: (_job, atMs) => ({ atMs, stateId: undefined, progress: undefined, etaMs: undefined }),
        changed: () => false
    }, {
        ...loopOptions(ctx.deadline(), ctx.settings.pollIntervalMs, ctx.clock, ctx.signal),
        pollFirst: true,
        onUpdate: () => undefined,
        onRetry: (error, retryMs) => ctx.core.warning(`Could not read the diff status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`)
    });
    if (!result.value)
        throw new StageTimeoutError(`Timed out after waiting ${formatDuration(ctx.settings.waitTimeoutMs)} (wait_timeout) reading the diff status. No image version was created.`);
    return result.value;
}
async function prepare(ctx) {
    const { settings: s, core, client } = ctx;
    if (s.updateUrl !== undefined)
        await updateStage(ctx, s.updateUrl);
    let diffId = s.diffId;
    let changes;
    const mustRead = s.full === 'auto' || s.onNoChanges !== 'deploy';
    if (diffId === undefined) {
        const created = await createDiff(ctx);
        ctx.report.diffId = created.diffId;
        core.setOutput('diffid', String(created.diffId));
        core.info(`Created image diff ${created.diffId}: ${describeState(created.job)}`);
        ({ diffId, changes } = await diffStage(ctx, created, undefined));
    }
    else {
        core.setOutput('diffid', String(diffId));
        if (mustRead)
            ({ changes } = await diffStage(ctx, undefined, diffId));
    }
    ctx.report.changes = changes;
    if (changes) {
        core.setOutput('files_added', String(changes.added.length));
        core.setOutput('files_modified', String(changes.modified.length));
        core.setOutput('files_removed', String(changes.removed.length));
        core.info(`Diff ${diffId}: ${describeChanges(changes)}`);
        const listed = changedPaths(changes);
        if (listed.length > 0) {
            core.startGroup(`Changed files (${listed.length})`);
            for (const line of listed.slice(0, MAX_LISTED_PATHS))
                core.info(line);
            if (listed.length > MAX_LISTED_PATHS)
                core.info(`… and ${listed.length - MAX_LISTED_PATHS} more`);
            core.endGroup();
        }
    }
    let full = s.full === 'auto' ? undefined : s.full;
    if (changes && isEmpty(changes)) {
        if (s.onNoChanges !== 'deploy') {
            core.info(`Diff ${diffId} has no changes: rejecting it (reinstall=0), as on_no_changes is ${s.onNoChanges}.`);
            await client.rejectImageDiff(diffId);
            if (s.onNoChanges === 'skip') {
                core.setOutput('skipped', 'true');
                core.info('Nothing to deploy: no image version was created (on_no_changes: skip).');
                return { diffId, full: undefined, skipped: true };
            }
            core.setOutput('skipped', 'false');
            throw new StepFailure(`Diff ${diffId} has no changes, so it was rejected and no image version was created (on_no_changes: fail).`);
        }
        if (s.full === false) {
            core.warning(`Diff ${diffId} has no changes, but full is false: Clanforge refuses a differential version from an empty diff.`);
        }
        else {
            full = true;
            core.info(`Diff ${diffId} has no changes: creating a full version (full=1).`);
        }
    }
    else if (s.full === 'auto' && !changes) {
        core.warning(`full is auto, but Clanforge did not list the changes of diff ${diffId}; full is left out.`);
    }
    core.setOutput('skipped', 'false');
    return { diffId, full, skipped: false };
}

;// CONCATENATED MODULE: ./src/version.ts
/** The action's version, sent in the User-Agent; a test keeps it equal to package.json's. */
const VERSION = '1.0.0';
const USER_AGENT = `clanforge-image-version-action/${VERSION} node/${process.versions.node}`;

;// CONCATENATED MODULE: ./src/main.ts
/**
 * Wires the modules: settings → client → create → (wait) → outputs and summary.
 * Never runs on import; index.ts calls run(). Everything that touches the outside
 * world comes in through Dependencies, so tests drive the whole flow.
 */













/** How long a cancelled run may take to log and write its summary before it is ended. */
const CANCEL_GRACE_MS = 1500;
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal })
};
function defaults() {
    return {
        core: actionsCore,
        env: process.env,
        transport: undefined,
        clock: systemClock,
        runContext: loadRunContext,
        signals: process,
        exit: (code) => process.exit(code)
    };
}
async function chooseTransport(settings, env) {
    if (!(0,http/* proxyConfigured */.$o)(settings.apiUrl, env))
        return http/* nodeTransport */._3;
    const { proxyTransport } = await Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(599)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8599));
    return proxyTransport();
}
function errorMessage(error) {
    return error instanceof Error ? error.message : `unexpected failure: ${String(error)}`;
}
/** Cancelled before a version id was known: say what was under way, and what that means. */
function cancelledEarly(signal, report, error) {
    // The client's own messages say whether the create may have gone through.
    const said = error instanceof ClanforgeError || error instanceof OutcomeUnknownError ? ` ${error.message}` : '';
    const stage = report.stages.at(-1);
    const during = stage ? ` during ${stage.stage.toLowerCase()} ${stage.id} (it goes on in Clanforge)` : '';
    return `Cancelled (${signal}) before an image version id was known${during}.${said}`;
}
/** A secret as given and as it travels in a query string (form- and URI-encoded). */
function secretForms(value) {
    if (!value)
        return [];
    return [...new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)])];
}
/** `v1.2.3 (abc1234)`: the ref and short commit of the run. */
function defaultUpdateDesc(env) {
    const ref = env['GITHUB_REF_NAME'] || env['GITHUB_REF'] || '';
    const sha = (env['GITHUB_SHA'] ?? '').slice(0, 7);
    const text = `${ref}${sha ? ` (${sha})` : ''}`.trim();
    return text || 'clanforge-image-version-action';
}
function statusAdvice(id, asid) {
    return `The job goes on in Clanforge (there is no cancel call): follow it in the dashboard or with GET /cfp/v1/imageversion/${id}/status?accountserviceid=${asid}.`;
}
async function run(overrides = {}) {
    const deps = { ...defaults(), ...overrides };
    const { core, clock } = deps;
    const started = clock.now();
    const report = { result: 'error', diffId: undefined, imageVersionId: undefined, job: undefined, message: undefined, durationMs: 0, waited: false, stages: [] };
    // Mask the keys before anything can be logged, valid or not.
    const accessKey = core.getInput('access_key');
    const secretKey = core.getInput('secret_key');
    for (const secret of [accessKey, secretKey])
        if (secret)
            core.setSecret(secret);
    if (accessKey || secretKey)
        core.setSecret(authorizationHeader(accessKey, secretKey).slice('Basic '.length));
    // A build URL may embed storage keys; it also travels encoded in the query.
    const updateUrl = core.getInput('update_url');
    for (const form of secretForms(updateUrl))
        core.setSecret(form);
    const controller = new AbortController();
    let cancelledBy;
    const onSignal = (name) => () => {
        if (cancelledBy)
            return;
        cancelledBy = name;
        controller.abort();
        setTimeout(() => deps.exit(1), CANCEL_GRACE_MS).unref();
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    deps.signals?.on('SIGINT', onInt).on('SIGTERM', onTerm);
    let settings;
    try {
        settings = readSettings((name) => core.getInput(name));
        report.diffId = settings.diffId;
        const s = settings;
        core.debug(`settings: accountserviceid=${s.accountServiceId} diffid=${s.diffId ?? '(made by the action)'} restart=${s.restart} full=${s.full ?? '(not sent)'} force=${s.force} game_build=${s.gameBuild ?? '(not sent)'} install_at=${s.installAt ?? '(not sent)'} disable_timeout=${s.disableTimeout ?? '(not sent)'} disable_percentage=${s.disablePercentage ?? '(not sent)'} imageid=${s.imageId ?? '(none)'} machineid=${s.machineId ?? '(none)'} update_url=${s.updateUrl !== undefined ? '(set, masked)' : '(none)'} on_no_changes=${s.onNoChanges} reject_locking_diff=${s.rejectLockingDiff} wait=${s.wait} wait_for=${s.waitFor} max_failed_machines=${s.maxFailedMachines} wait_timeout=${s.waitTimeoutMs / 1000}s poll_interval=${s.pollIntervalMs / 1000}s api_url=${s.apiUrl.href}`);
        const client = new ClanforgeClient({
            apiUrl: s.apiUrl,
            accessKey: s.accessKey,
            secretKey: s.secretKey,
            accountServiceId: s.accountServiceId,
            transport: deps.transport ?? (await chooseTransport(s, deps.env)),
            userAgent: USER_AGENT,
            sleep: clock.sleep,
            now: clock.now,
            log: core,
            signal: controller.signal,
            extraSecrets: secretForms(s.updateUrl ?? '')
        });
        // One wait_timeout covers every wait (update, diff, version job, rollout), from the first.
        let deadlineMs;
        const deadline = () => (deadlineMs ??= clock.now() + s.waitTimeoutMs);
        const prepared = await prepare({
            client, settings: s, core, clock, signal: controller.signal, deadline, report,
            defaultUpdateDesc: defaultUpdateDesc(deps.env)
        });
        if (prepared.skipped) {
            report.result = 'skipped';
            return;
        }
        report.diffId = prepared.diffId;
        const p = { ...s, diffId: prepared.diffId, full: prepared.full };
        core.info(`Creating an image version from diff ${p.diffId} (accountserviceid ${s.accountServiceId}, restart=${p.restart ? 1 : 0}, force=${p.force ? 1 : 0}${p.full !== undefined ? `, full=${p.full ? 1 : 0}` : ''}${p.gameBuild !== undefined ? `, game_build=${p.gameBuild}` : ''})`);
        const created = await client.createImageVersion(p);
        const id = created.imageVersionId;
        report.imageVersionId = id;
        report.job = created.job;
        // Outputs right away, so `if: always()` steps see the id even if the wait fails.
        setJobOutputs(core, id, created.job);
        core.info(`Created image version ${id}: ${describeState(created.job)}`);
        const versionRow = { stage: 'Image version', id, state: describeState(created.job), durationMs: 0 };
        report.stages.push(versionRow);
        if (!s.wait) {
            report.result = 'created';
            core.info(`Not waiting for the job (wait: false). ${statusAdvice(id, s.accountServiceId)}`);
            return;
        }
        await waitForVersion(client, s, report, deps, deadline(), controller.signal, started, versionRow);
        if (s.waitFor === 'rollout')
            await waitForRollout(client, s, report, deps, deadline(), controller.signal, started);
    }
    catch (error) {
        // The outputs carry the last state seen, also when the wait broke off.
        if (report.imageVersionId !== undefined && report.job)
            setJobOutputs(core, report.imageVersionId, report.job);
        // A rollout wait cut short by the time limit (in either phase) reports rollout=timeout.
        if (report.rollout && (report.result === 'timeout' || cancelledBy))
            report.rollout.result ??= 'timeout';
        if (report.rollout?.result)
            setRolloutOutputs(core, report.rollout.status, report.rollout.result);
        if (cancelledBy) {
            report.result = 'cancelled';
            const id = report.imageVersionId;
            report.message = id !== undefined
                ? `Cancelled (${cancelledBy}) while waiting for image version ${id}; last state ${report.job ? describeState(report.job) : 'unknown'}. ${statusAdvice(id, settings?.accountServiceId ?? 0)}`
                : cancelledEarly(cancelledBy, report, error);
        }
        else {
            if (error instanceof StageTimeoutError)
                report.result = 'timeout';
            else if (report.result === 'created' || report.result === 'complete' || report.result === 'rolled-out')
                report.result = 'error';
            report.message = errorMessage(error);
            if (!(error instanceof InputError || error instanceof ClanforgeError || error instanceof OutcomeUnknownError || error instanceof StepFailure) && error instanceof Error && error.stack) {
                // Unexpected errors keep their stack for debugging, off the main log.
                core.debug(error.stack);
            }
        }
        core.setFailed(report.message);
    }
    finally {
        deps.signals?.off('SIGINT', onInt).off('SIGTERM', onTerm);
        report.durationMs = clock.now() - started;
        await summarize(deps, report);
    }
}
/** Wait for the version's job; sets the outputs again at the end, throws on anything but Complete. */
async function waitForVersion(client, s, report, deps, deadline, signal, started, versionRow) {
    const { core, clock } = deps;
    const id = report.imageVersionId;
    report.waited = true;
    const waitStarted = clock.now();
    core.startGroup(`Waiting for image version ${id} (timeout ${formatDuration(s.waitTimeoutMs)}, polling at most every ${s.pollIntervalMs / 1000}s, sooner near the end)`);
    let result;
    try {
        result = await waitForJob((timeoutMs) => client.getImageVersionStatus(id, timeoutMs), report.job, {
            ...loopOptions(deadline, s.pollIntervalMs, clock, signal),
            onUpdate: (job) => {
                report.job = job;
                const eta = job.eta !== undefined && outcomeOf(job) === 'running' ? ` (ETA ${formatEta(job.eta, clock.now())})` : '';
                core.info(`[${formatDuration(clock.now() - started)}] ${describeState(job)}${eta}`);
            },
            onRetry: (error, retryMs) => core.warning(`Could not read the job status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s. The job itself is not affected.`)
        });
    }
    finally {
        core.endGroup();
    }
    report.job = result.job;
    setJobOutputs(core, id, result.job);
    versionRow.state = describeState(result.job);
    versionRow.durationMs = clock.now() - waitStarted;
    if (s.waitFor === 'rollout')
        report.rollout = { imageId: s.imageId, status: undefined, result: undefined };
    const state = describeState(result.job);
    const took = formatDuration(clock.now() - waitStarted);
    if (result.timedOut) {
        report.result = 'timeout';
        throw new StepFailure(`Timed out after waiting ${formatDuration(s.waitTimeoutMs)} (wait_timeout) for image version ${id}: last state ${state}. ${statusAdvice(id, s.accountServiceId)} No other version was created.`);
    }
    if (result.outcome === 'failed') {
        report.result = 'failed';
        const why = result.job.error ? `:\n${result.job.error}` : ' (Clanforge gave no error text).';
        throw new StepFailure(`Image version ${id} failed after ${took} (job ${state})${why}`);
    }
    if (result.outcome === 'squashed') {
        report.result = 'squashed';
        throw new StepFailure(`Image version ${id} was squashed (job ${state}): a newer job superseded it, so this install will not happen as requested. Check the image's jobs in the Clanforge dashboard.`);
    }
    report.result = 'complete';
    core.info(`Image version ${id} is Complete (${state}) after ${took}.`);
}
/** The rollout target for the poll loop; progress is the share of machines done. */
function rolloutTarget(maxFailed) {
    return {
        done: (r) => r !== undefined && rolloutDone(r, maxFailed) !== undefined,
        observe: (r, atMs) => ({
            atMs,
            stateId: JobState.Running,
            progress: r && total(r) > 0 ? Math.floor((100 * (r.completed + r.failed)) / total(r)) : undefined,
            etaMs: undefined
        }),
        changed: (a, b) => a === undefined || b === undefined || !sameCounts(a, b)
    };
}
/** After a Complete job: wait until no machine is pending, within the same wait_timeout. */
async function waitForRollout(client, s, report, deps, deadline, signal, started) {
    const { core, clock } = deps;
    const imageId = s.imageId;
    const rollout = report.rollout;
    core.startGroup(`Waiting for the rollout of image ${imageId} until no machine is pending (at most ${s.maxFailedMachines} may fail)`);
    let result;
    try {
        result = await pollUntil((timeoutMs) => client.getRolloutStatus(imageId, timeoutMs), undefined, rolloutTarget(s.maxFailedMachines), {
            ...loopOptions(deadline, s.pollIntervalMs, clock, signal),
            pollFirst: true,
            onUpdate: (r) => {
                rollout.status = r;
                if (r)
                    core.info(`[${formatDuration(clock.now() - started)}] rollout: ${describeRollout(r)}`);
            },
            onRetry: (error, retryMs) => core.warning(`Could not read the rollout status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s.`)
        });
    }
    finally {
        core.endGroup();
    }
    const status = result.value;
    rollout.status = status;
    const counts = status ? describeRollout(status) : 'no status received';
    if (result.timedOut || !status) {
        report.result = 'timeout';
        rollout.result = 'timeout';
        const pending = status?.fleets.filter((f) => f.pending > 0).map((f) => `${f.name ?? f.id} (${f.pending})`) ?? [];
        throw new StepFailure(`Timed out after waiting ${formatDuration(s.waitTimeoutMs)} (wait_timeout) for the rollout of image ${imageId}: ${counts}${pending.length ? `; still pending in ${pending.join(', ')}` : ''}. The machines go on installing in Clanforge.`);
    }
    rollout.result = rolloutDone(status, s.maxFailedMachines);
    setRolloutOutputs(core, status, rollout.result);
    if (rollout.result === 'failed') {
        report.result = 'rollout-failed';
        throw new StepFailure(`Rollout of image ${imageId} failed: ${status.failed} machine(s) failed to install, more than max_failed_machines (${s.maxFailedMachines}); ${counts}. Check the failed machines in the Clanforge dashboard.`);
    }
    report.result = 'rolled-out';
    core.info(`Rollout of image ${imageId} complete: ${counts}.`);
}
async function summarize(deps, report) {
    if (!deps.env['GITHUB_STEP_SUMMARY'])
        return;
    try {
        await writeSummary(deps.core.summary, report, await deps.runContext());
    }
    catch (error) {
        deps.core.warning(`Could not write the job summary: ${errorMessage(error)}`);
    }
}


/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
