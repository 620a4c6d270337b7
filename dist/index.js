import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3149:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  my: () => (/* binding */ NOT_SENT_CODES),
  wX: () => (/* binding */ TransportError),
  gl: () => (/* binding */ describeNetworkError),
  _3: () => (/* binding */ nodeTransport),
  $o: () => (/* binding */ proxyConfigured)
});

;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ./src/http.ts
/**
 * The HTTP transport: one GET, answered by status, headers and body text, or failed
 * with a TransportError that says whether the request can have reached the server.
 * That one bit decides whether a state-changing GET may be retried.
 *
 * The default transport uses node:http/node:https, loaded through createRequire:
 * an ESM `import` of those built-ins evaluates all their exports, including the
 * lazy WebSocket getters that load Node's internal undici (~60 ms at start). The
 * undici package (~1.3 MB bundled, ~120 ms to load) is only loaded when a proxy is
 * configured; see undici-transport.ts.
 */

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
const http_require = (0,external_node_module_namespaceObject.createRequire)(import.meta.url);
function describeNetworkError(error) {
    const e = error;
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const message = typeof e?.message === 'string' ? e.message : String(error);
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}
/** GET over node:http/node:https with an overall deadline per request. */
const nodeTransport = (request) => new Promise((resolve, reject) => {
    const mod = request.url.protocol === 'https:' ? http_require('node:https') : http_require('node:http');
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
        if (!socket.connecting)
            connected = true;
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
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5474);
// The runner's entry point (action.yml: runs.main → dist/index.js).

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .eF)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5474:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: CANCEL_GRACE_MS, systemClock

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
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
    process.stdout.write(cmd.toString() + external_os_.EOL);
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
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./src/actions-core.ts
/**
 * The runner protocol the action speaks: inputs, outputs, masking, logging and the
 * job summary, built on @actions/core's own modules.
 *
 * Why not `import * as core from '@actions/core'`: that entry point also loads the
 * package's OIDC client, which pulls in @actions/http-client, tunnel and undici.
 * Bundled, that is ~1 MB parsed on every start (measured: +90 ms, almost doubling a
 * bare node start) for code this action never runs. The command, file-command and
 * summary modules import only node built-ins. The package's `exports` map does not
 * list them, hence the relative paths; the pinned lockfile keeps them stable and
 * the unit tests exercise every function here.
 */




/** Same lookup and trimming as core.getInput. */
function getInput(name, env = process.env) {
    return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function setOutput(name, value) {
    if (process.env['GITHUB_OUTPUT']) {
        issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
        return;
    }
    // Outside a runner (no GITHUB_OUTPUT file) fall back to the stdout command, as core does.
    process.stdout.write(external_node_os_namespaceObject.EOL);
    issueCommand('set-output', { name }, value);
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
    summary: summary
};
/**
 * Read from @actions/github's Context class (its module imports only fs and os;
 * the package entry would load Octokit as well).
 */
async function loadRunContext() {
    const { Context } = await __nccwpck_require__.e(/* import() */ 157).then(__nccwpck_require__.bind(__nccwpck_require__, 7157));
    const context = new Context();
    const repository = process.env['GITHUB_REPOSITORY'] ?? '';
    const runUrl = repository && context.runId
        ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
        : undefined;
    return { ref: context.ref ?? '', sha: context.sha ?? '', repository, runUrl };
}

// EXTERNAL MODULE: ./src/http.ts + 1 modules
var http = __nccwpck_require__(3149);
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
    url.pathname = `${apiUrl.pathname.replace(/\/+$/, '')}/cfp/v1/${path}`;
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
        this.secrets = [authorization.slice('Basic '.length), options.secretKey, options.accessKey]
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
        this.options.log.debug(`GET ${url.pathname}?${url.search.slice(1)} → HTTP ${response.status} in ${this.now() - started} ms`);
        return response;
    }
    async createImageVersion(params) {
        const query = createQuery(this.options.accountServiceId, params);
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await this.send('imageversion/create', query);
            }
            catch (error) {
                if (!(error instanceof http/* TransportError */.wX))
                    throw error;
                const reason = this.redact(error.message);
                if (error.aborted && !error.sent)
                    throw new ClanforgeError('Cancelled before the create request was sent: no image version was created.', { cause: error });
                if (error.aborted)
                    throw new OutcomeUnknownError(`Cancelled while the create request was under way. ${this.unknownOutcomeAdvice(params.diffId)}`, { cause: error });
                if (error.sent) {
                    throw new OutcomeUnknownError(`The create request reached Clanforge but no answer came back (${reason}). ${this.unknownOutcomeAdvice(params.diffId)}`, { cause: error });
                }
                if (attempt < CREATE_MAX_ATTEMPTS) {
                    const delay = 1000 * 2 ** (attempt - 1);
                    this.options.log.warning(`Could not connect to Clanforge (${reason}); nothing was sent. Trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
                    await this.options.sleep(delay, this.options.signal);
                    continue;
                }
                throw new ClanforgeError(`Could not connect to Clanforge at ${this.options.apiUrl.origin} after ${attempt} attempts (${reason}). No image version was created; the step can be re-run.`, { cause: error });
            }
            if (response.status === 429 || response.status === 503) {
                const told = parseRetryAfter(response.headers['retry-after'], this.now());
                if (attempt < CREATE_MAX_ATTEMPTS) {
                    const delay = Math.min(told ?? 2000 * attempt, MAX_CREATE_RETRY_DELAY_MS);
                    this.options.log.warning(`Clanforge answered ${statusLine(response)}: the request was not processed. Trying again in ${Math.ceil(delay / 1000)} s (attempt ${attempt + 1} of ${CREATE_MAX_ATTEMPTS}).`);
                    await this.options.sleep(delay, this.options.signal);
                    continue;
                }
                throw new ClanforgeError(`Clanforge answered ${statusLine(response)} to ${attempt} attempts: it is not accepting requests now. No image version was created; re-run the step later.`, { status: response.status });
            }
            const body = parseBody(response);
            if (response.status >= 500) {
                const said = body ? bodyError(body) : undefined;
                const detail = said ? `: ${this.redact(said)}` : body ? '' : this.nonJsonDetail(response);
                throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)}${detail} to the create request. ${this.unknownOutcomeAdvice(params.diffId)}`);
            }
            if (response.status < 200 || response.status >= 300 || (body && bodyFailed(body))) {
                throw this.failure(response, body, 'create the image version');
            }
            const imageVersionId = body ? toNumber(body['imageversionid']) : undefined;
            if (!body || imageVersionId === undefined || !Number.isInteger(imageVersionId) || imageVersionId <= 0) {
                const what = body ? 'no imageversionid' : `a body that is not JSON${this.nonJsonDetail(response)}`;
                throw new OutcomeUnknownError(`Clanforge answered ${statusLine(response)} with ${what}. ${this.unknownOutcomeAdvice(params.diffId)}`);
            }
            return { imageVersionId, job: parseJob(body) };
        }
    }
    /** One status request; errors say whether asking again is safe (`transient`). */
    async getImageVersionStatus(imageVersionId, timeoutMs) {
        const query = new URLSearchParams({ accountserviceid: String(this.options.accountServiceId) });
        let response;
        try {
            response = await this.send(`imageversion/${imageVersionId}/status`, query, timeoutMs);
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
            const what = response.status === 404 ? `read the status of image version ${imageVersionId} (not found for accountserviceid ${this.options.accountServiceId})` : `read the status of image version ${imageVersionId}`;
            throw this.failure(response, body, what);
        }
        return parseJob(body);
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
        return `${h}h ${m}m${s ? ` ${s}s` : ''}`;
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
const SECRET_INPUTS = new Set(['access_key', 'secret_key']);
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
    const diffId = r.positiveInteger('diffid', true);
    const restart = r.boolean('restart') ?? false;
    const full = r.boolean('full');
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
        diffId: diffId,
        restart,
        full,
        gameBuild,
        force,
        installAt,
        disableTimeout: disableTimeout,
        disablePercentage,
        wait,
        waitTimeoutMs: waitTimeoutSeconds * 1000,
        pollIntervalMs: pollIntervalSeconds * 1000,
        apiUrl: apiUrl
    };
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
const HEADLINES = {
    created: '✅ Image version created (not waited for)',
    complete: '✅ Image version installed: job Complete',
    failed: '❌ Image version job failed',
    squashed: '❌ Image version job squashed (superseded)',
    timeout: '⏱️ Timed out waiting for the image version job (it goes on in Clanforge)',
    cancelled: '🛑 Cancelled (a job already created goes on in Clanforge)',
    error: '❌ The step failed'
};
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
        if (job.eta !== undefined && report.result !== 'complete')
            rows.push(['ETA', formatTime(job.eta)]);
        if (job.error)
            rows.push(['Job error', job.error]);
    }
    rows.push(['Duration', `${formatDuration(report.durationMs)}${report.waited ? '' : ' (no wait)'}`]);
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
    summary.addHeading('Clanforge image version', 2).addRaw(HEADLINES[report.result], true);
    summary.addTable(summaryRows(report, context));
    if (report.message && report.result !== 'complete' && report.result !== 'created') {
        summary.addRaw(`<pre>${escapeHtml(report.message)}</pre>`, true);
    }
    if (context.runUrl)
        summary.addRaw(`<a href="${escapeHtml(context.runUrl)}">Workflow run</a>`, true);
    await summary.write();
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

;// CONCATENATED MODULE: ./src/version.ts
/** The action's version, sent in the User-Agent; a test keeps it equal to package.json's. */
const VERSION = '1.0.0';
const USER_AGENT = `clanforge-image-version-action/${VERSION} node/${process.versions.node}`;

;// CONCATENATED MODULE: ./src/wait.ts
/**
 * The wait loop: poll the job until it ends or the time is up. When to poll comes
 * from the pure scheduler (schedule.ts); time and sleep are injected, so tests run
 * the loop on a fake clock.
 */



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
async function waitForJob(poll, initial, options) {
    const { clock, policy } = options;
    const deadline = clock.now() + options.timeoutMs;
    let job = initial;
    let polls = 0;
    let failures = 0;
    let retryDelay;
    const history = [observe(job, clock.now())];
    for (;;) {
        const outcome = outcomeOf(job);
        if (outcome !== 'running')
            return { outcome, job, timedOut: false, polls };
        const now = clock.now();
        if (now >= deadline)
            return { outcome, job, timedOut: true, polls };
        // The scheduler's delay counts from the latest observation; a retry's from now.
        const last = history[history.length - 1];
        const wake = retryDelay !== undefined ? now + retryDelay : last.atMs + nextPollDelay(history, policy);
        // The last poll lands on the deadline, so the timeout reports the latest state.
        await clock.sleep(Math.max(0, Math.min(wake, deadline) - now), options.signal);
        const remaining = deadline - clock.now();
        polls++;
        try {
            const next = await poll(Math.min(options.requestTimeoutMs, Math.max(remaining, 2000)));
            failures = 0;
            retryDelay = undefined;
            history.push(observe(next, clock.now()));
            if (history.length > HISTORY_LIMIT)
                history.shift();
            const previous = job;
            job = next;
            if (changed(previous, next))
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
function statusAdvice(id, asid) {
    return `The job goes on in Clanforge (there is no cancel call): follow it in the dashboard or with GET /cfp/v1/imageversion/${id}/status?accountserviceid=${asid}.`;
}
async function run(overrides = {}) {
    const deps = { ...defaults(), ...overrides };
    const { core, clock } = deps;
    const started = clock.now();
    const report = { result: 'error', diffId: undefined, imageVersionId: undefined, job: undefined, message: undefined, durationMs: 0, waited: false };
    let lastJob;
    // Mask the keys before anything can be logged, valid or not.
    const accessKey = core.getInput('access_key');
    const secretKey = core.getInput('secret_key');
    for (const secret of [accessKey, secretKey])
        if (secret)
            core.setSecret(secret);
    if (accessKey || secretKey)
        core.setSecret(authorizationHeader(accessKey, secretKey).slice('Basic '.length));
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
        core.debug(`settings: accountserviceid=${s.accountServiceId} diffid=${s.diffId} restart=${s.restart} full=${s.full ?? '(not sent)'} force=${s.force} game_build=${s.gameBuild ?? '(not sent)'} install_at=${s.installAt ?? '(not sent)'} disable_timeout=${s.disableTimeout ?? '(not sent)'} disable_percentage=${s.disablePercentage ?? '(not sent)'} wait=${s.wait} wait_timeout=${s.waitTimeoutMs / 1000}s poll_interval=${s.pollIntervalMs / 1000}s api_url=${s.apiUrl.href}`);
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
            signal: controller.signal
        });
        core.info(`Creating an image version from diff ${s.diffId} (accountserviceid ${s.accountServiceId}, restart=${s.restart ? 1 : 0}, force=${s.force ? 1 : 0}${s.full !== undefined ? `, full=${s.full ? 1 : 0}` : ''}${s.gameBuild !== undefined ? `, game_build=${s.gameBuild}` : ''})`);
        const created = await client.createImageVersion(s);
        const id = created.imageVersionId;
        report.imageVersionId = id;
        report.job = lastJob = created.job;
        // Outputs right away, so `if: always()` steps see the id even if the wait fails.
        setJobOutputs(core, id, created.job);
        core.info(`Created image version ${id}: ${describeState(created.job)}`);
        if (!s.wait) {
            report.result = 'created';
            core.info(`Not waiting for the job (wait: false). ${statusAdvice(id, s.accountServiceId)}`);
            return;
        }
        report.waited = true;
        const policy = { ...DEFAULT_POLICY, intervalMs: s.pollIntervalMs };
        core.startGroup(`Waiting for image version ${id} (timeout ${formatDuration(s.waitTimeoutMs)}, polling at most every ${s.pollIntervalMs / 1000}s, sooner near the end)`);
        let result;
        try {
            result = await waitForJob((timeoutMs) => client.getImageVersionStatus(id, timeoutMs), created.job, {
                timeoutMs: s.waitTimeoutMs,
                policy,
                clock,
                signal: controller.signal,
                requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
                onUpdate: (job) => {
                    report.job = lastJob = job;
                    const eta = job.eta !== undefined && outcomeOf(job) === 'running' ? ` (ETA ${formatEta(job.eta, clock.now())})` : '';
                    core.info(`[${formatDuration(clock.now() - started)}] ${describeState(job)}${eta}`);
                },
                onRetry: (error, retryMs) => core.warning(`Could not read the job status (${error.message}); trying again in ${Math.ceil(retryMs / 1000)} s. The job itself is not affected.`)
            });
        }
        finally {
            core.endGroup();
        }
        report.job = lastJob = result.job;
        setJobOutputs(core, id, result.job);
        const state = describeState(result.job);
        const took = formatDuration(clock.now() - started);
        if (result.timedOut) {
            report.result = 'timeout';
            throw new Error(`Timed out after waiting ${formatDuration(s.waitTimeoutMs)} (wait_timeout) for image version ${id}: last state ${state}. ${statusAdvice(id, s.accountServiceId)} No other version was created.`);
        }
        if (result.outcome === 'failed') {
            report.result = 'failed';
            const why = result.job.error ? `:\n${result.job.error}` : ' (Clanforge gave no error text).';
            throw new Error(`Image version ${id} failed after ${took} (job ${state})${why}`);
        }
        if (result.outcome === 'squashed') {
            report.result = 'squashed';
            throw new Error(`Image version ${id} was squashed (job ${state}): a newer job superseded it, so this install will not happen as requested. Check the image's jobs in the Clanforge dashboard.`);
        }
        report.result = 'complete';
        core.info(`Image version ${id} is Complete (${state}) after ${took}.`);
    }
    catch (error) {
        // The outputs carry the last state seen, also when the wait broke off.
        if (report.imageVersionId !== undefined && lastJob)
            setJobOutputs(core, report.imageVersionId, lastJob);
        if (cancelledBy) {
            report.result = 'cancelled';
            const id = report.imageVersionId;
            report.message = id !== undefined
                ? `Cancelled (${cancelledBy}) while waiting for image version ${id}; last state ${lastJob ? describeState(lastJob) : 'unknown'}. ${statusAdvice(id, settings?.accountServiceId ?? 0)}`
                : `Cancelled (${cancelledBy}) before an image version id was known. ${errorMessage(error)}`;
        }
        else {
            if (report.result === 'created' || report.result === 'complete')
                report.result = 'error';
            report.message = errorMessage(error);
            if (!(error instanceof InputError || error instanceof ClanforgeError || error instanceof OutcomeUnknownError) && error instanceof Error && error.stack) {
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

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

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

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

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
