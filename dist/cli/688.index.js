export const id = 688;
export const ids = [688];
export const modules = {

/***/ 4688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   proxyTransport: () => (/* binding */ proxyTransport)
/* harmony export */ });
/* unused harmony exports EnvProxyRouter, undiciTransport, unusableProxy, recovering */
/* harmony import */ var node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3053);
/* harmony import */ var node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
/* harmony import */ var _read_answer_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8477);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9181);
/* harmony import */ var _unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7297);
/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy: EnvProxyRouter
 * routes each request by HTTPS_PROXY, HTTP_PROXY and NO_PROXY (proxyInUse, transport.ts);
 * unit tests use it with a MockAgent. undici is the major @actions/http-client brings, so
 * the bundle holds it once; this module is loaded only when a proxy is configured.
 */





const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Connection-level failures that, behind a proxy, can only be about reaching the proxy. */
const PROXY_CONNECT_CODES = _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .CONNECT_FAILURE_CODES */ .Dh;
/**
 * Errors undici raised while connecting (TCP, proxy tunnel, TLS handshake), before any
 * request was written: undici publishes each on this channel, and rejects the waiting
 * requests with the same object.
 */
const connectErrors = new WeakSet();
/** Errors raised while connecting to a proxy itself (its TCP connection), by the proxy's host. */
const proxyConnectErrors = new WeakMap();
/** The requests waiting for a connection, to fail on their origin's first connect error. */
const waiting = new Set();
(0,node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__.subscribe)('undici:client:beforeConnect', (message) => {
    const params = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(message, 'connectParams');
    for (const attempt of waiting) {
        if (attempt.url.protocol === (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(params, 'protocol') && attempt.url.host === (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(params, 'host'))
            attempt.connecting = true;
    }
});
(0,node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__.subscribe)('undici:client:connectError', (message) => {
    const error = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(message, 'error');
    if (error === null || typeof error !== 'object')
        return;
    connectErrors.add(error);
    const params = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(message, 'connectParams');
    const protocol = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(params, 'protocol');
    const host = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(params, 'host');
    for (const attempt of waiting) {
        if (attempt.proxyHost === host && !proxyConnectErrors.has(error))
            proxyConnectErrors.set(error, String(host));
        // A refused or dropped tunnel would otherwise make the agent reconnect at once, forever:
        // the first connect error for this request's origin ends it (the client decides on retries).
        if (attempt.url.protocol === protocol && attempt.url.host === host)
            attempt.fail(error);
    }
});
/**
 * One request's way to a connection. `connected` turns true when undici hands the request a
 * connection to the origin (TCP, the proxy tunnel and the TLS handshake done) and is about
 * to write it: before that, nothing of the request can have left.
 */
class Attempt {
    connected = false;
    /** undici started a connection to this request's origin while the request waited. */
    connecting = false;
    connectError;
    /** Rejects on the first connect error: undici keeps a waiting request queued, and reconnecting, even once it is aborted. */
    failed;
    reject = () => undefined;
    url;
    proxyHost;
    constructor(url, via) {
        this.url = url;
        this.proxyHost = via ? hostOf(via.shown) : undefined;
        this.failed = new Promise((_, reject) => (this.reject = reject));
        this.failed.catch(() => undefined);
    }
    fail(error) {
        if (this.connected || this.connectError)
            return;
        this.connectError = error;
        this.reject(error);
    }
}
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return undefined;
    }
}
/** Marks the attempt connected when the request is dispatched on a connection; everything else passes through. */
class ConnectionWatch {
    inner;
    attempt;
    constructor(inner, attempt) {
        this.inner = inner;
        this.attempt = attempt;
    }
    onConnect(abort) {
        this.attempt.connected = true;
        waiting.delete(this.attempt);
        this.inner.onConnect?.(abort);
    }
    onError(error) {
        this.inner.onError?.(error);
    }
    onUpgrade(...args) {
        this.inner.onUpgrade?.(...args);
    }
    onResponseStarted() {
        this.inner.onResponseStarted?.();
    }
    onHeaders(...args) {
        return this.inner.onHeaders?.(...args) ?? true;
    }
    onData(chunk) {
        return this.inner.onData?.(chunk) ?? true;
    }
    onComplete(trailers) {
        this.inner.onComplete?.(trailers);
    }
    onBodySent(chunkSize, totalBytesSent) {
        this.inner.onBodySent?.(chunkSize, totalBytesSent);
    }
}
/**
 * Routes each request as the proxy variables say (proxyInUse): through a ProxyAgent for
 * its proxy, or directly. The choice is the one the transport's errors name.
 */
class EnvProxyRouter extends undici__WEBPACK_IMPORTED_MODULE_1__.Dispatcher {
    #env;
    #direct = new undici__WEBPACK_IMPORTED_MODULE_1__.Agent();
    #proxies = new Map();
    constructor(env) {
        super();
        this.#env = env;
    }
    #agentFor(origin) {
        const via = (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyInUse */ .LI)(new URL(origin), this.#env);
        if (via === undefined)
            return this.#direct;
        let agent = this.#proxies.get(via.uri);
        if (agent === undefined) {
            agent = new undici__WEBPACK_IMPORTED_MODULE_1__.ProxyAgent(via.uri);
            this.#proxies.set(via.uri, agent);
        }
        return agent;
    }
    dispatch(options, handler) {
        return this.#agentFor(String(options.origin)).dispatch(options, handler);
    }
    close(callback) {
        const closed = Promise.all([this.#direct, ...this.#proxies.values()].map((agent) => agent.close())).then(() => undefined);
        if (callback === undefined)
            return closed;
        void closed.then(callback, callback);
    }
    destroy(first, second) {
        const error = typeof first === 'function' || first === undefined ? null : first;
        const callback = typeof first === 'function' ? first : second;
        const destroyed = Promise.all([this.#direct, ...this.#proxies.values()].map((agent) => agent.destroy(error))).then(() => undefined);
        if (callback === undefined)
            return destroyed;
        void destroyed.then(callback, callback);
    }
}
function undiciTransport(dispatcher, proxy) {
    async function send(request, read = (0,_read_answer_js__WEBPACK_IMPORTED_MODULE_2__/* .bufferedText */ .PF)()) {
        const deadline = AbortSignal.timeout(request.timeoutMs);
        const via = proxy?.(request.url);
        const attempt = new Attempt(request.url, via);
        const watched = dispatcher.compose((dispatch) => (options, handler) => dispatch(options, new ConnectionWatch(handler, attempt)));
        let response;
        waiting.add(attempt);
        try {
            response = await Promise.race([
                (0,undici__WEBPACK_IMPORTED_MODULE_1__.request)(request.url, {
                    method: 'GET',
                    headers: request.headers,
                    dispatcher: watched,
                    headersTimeout: request.timeoutMs,
                    bodyTimeout: request.timeoutMs,
                    // An overall deadline: a proxy that keeps dropping the tunnel makes the agent
                    // reconnect forever, and no per-phase timeout ends that.
                    signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline
                }),
                expired(deadline),
                attempt.failed
            ]);
        }
        catch (error) {
            throw toTransportError(attempt.connectError ?? error, request.signal, deadline, via, attempt);
        }
        finally {
            waiting.delete(attempt);
        }
        const headers = {};
        for (const [name, value] of Object.entries(response.headers)) {
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const body = response.body;
        // Destroying an unread body emits an abort error: read errors reach the reader through the iteration.
        body.on('error', () => undefined);
        try {
            // The deadline and a cancel still apply: they abort the body, and the race ends the read.
            return await Promise.race([read({ status: response.statusCode, statusText: '', headers, body: chunksOf(body) }), expired(deadline)]);
        }
        catch (error) {
            if (error === deadline.reason || (deadline.aborted && error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX)) {
                throw new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`no answer in time${via ? ` (through the proxy ${via.shown}, from ${via.variable})` : ''}`, {
                    sent: true,
                    timedOut: true,
                    code: 'ETIMEDOUT',
                    cause: error
                });
            }
            throw error;
        }
        finally {
            // A reader that stopped early (an answer refused as too large) leaves the rest unread.
            body.destroy();
        }
    }
    return send;
}
/** The body's chunks; a failure while they arrive is a TransportError (the request was sent: an answer had started). */
async function* chunksOf(body) {
    try {
        for await (const chunk of body)
            if (chunk instanceof Uint8Array)
                yield chunk;
    }
    catch (error) {
        throw new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX((0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(error), { sent: true, code: codeOf(error), cause: error });
    }
}
function codeOf(error) {
    const code = (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(error, 'code');
    return typeof code === 'string' ? code : undefined;
}
/** Rejects at the deadline even when the dispatcher ignores the abort (a reconnect loop). */
function expired(deadline) {
    return new Promise((_, reject) => deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }));
}
function toTransportError(error, cancel, deadline, via, attempt) {
    // Only a dispatcher seen connecting proves where the request stopped (a MockAgent never connects).
    if (!attempt.connected && (attempt.connecting || attempt.connectError !== undefined))
        return unsentError(error, cancel, deadline, via, attempt);
    return classicError(error, cancel, deadline, via);
}
/** Without proof of where it stopped: a deadline counts as sent, a connect-time failure as not. */
function classicError(error, cancel, deadline, via) {
    const code = codeOf(error);
    const through = via ? ` (through the proxy ${via.shown}, from ${via.variable})` : '';
    if (cancel?.aborted)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX('request aborted', { sent: true, aborted: true, cause: error });
    if (deadline.aborted)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`no answer in time${through}`, { sent: true, timedOut: true, code: 'ETIMEDOUT', cause: error });
    const message = (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(error);
    // The proxy refused the tunnel: nothing reached Clanforge.
    if (code === 'UND_ERR_ABORTED' && /proxy response/i.test(message)) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`${message}${through}`, { sent: false, code, cause: error });
    }
    // A TLS failure with the proxy wraps the original error.
    const inner = code === 'UND_ERR_PRX_TLS' ? (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(error, 'cause') : undefined;
    const tlsCode = codeOf(inner) ?? code;
    const tlsProblem = (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .tlsProblemOf */ .KW)(tlsCode, inner !== undefined ? (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(inner) : message);
    if (via && PROXY_CONNECT_CODES.has(code ?? '')) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`could not connect to the proxy ${via.shown} (from ${via.variable}): ${message}`, {
            sent: false,
            code,
            cause: error
        });
    }
    // undici does not say whether bytes left; a failure while connecting proves they did not.
    const beforeSending = (error !== null && typeof error === 'object' && connectErrors.has(error)) ||
        _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .NOT_SENT_CODES */ .my.has(tlsCode ?? '') ||
        tlsProblem !== undefined;
    return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`${message}${through}`, {
        sent: !beforeSending,
        code: tlsCode,
        timedOut: TIMEOUT_CODES.has(code ?? ''),
        tlsProblem,
        cause: error
    });
}
/**
 * A request that never got a connection to the origin: nothing of it was written. Behind a
 * proxy, the message tells a proxy that failed (unreachable, refused or never answered the
 * CONNECT) from a target that failed once the tunnel was open (its TLS handshake).
 */
function unsentError(error, cancel, deadline, via, attempt) {
    const url = attempt.url;
    if (cancel?.aborted)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX('request aborted before it was sent', { sent: false, aborted: true, cause: error });
    const proxy = via ? `the proxy ${via.shown} (from ${via.variable})` : undefined;
    if (deadline.aborted && attempt.connectError === undefined) {
        const message = proxy
            ? `no tunnel to ${url.host} opened through ${proxy} in time: the proxy never answered the CONNECT${url.protocol === 'https:' ? ' (or the TLS handshake through it never finished)' : ''}; nothing was sent`
            : `no connection to ${url.host} in time; nothing was sent`;
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(message, { sent: false, timedOut: true, code: 'ETIMEDOUT', cause: error });
    }
    const code = codeOf(error);
    const message = (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(error);
    // A TLS failure with the proxy wraps the original error.
    const inner = code === 'UND_ERR_PRX_TLS' ? (0,_unknown_shape_js__WEBPACK_IMPORTED_MODULE_4__/* .propertyOf */ .$)(error, 'cause') : undefined;
    const tlsCode = codeOf(inner) ?? code;
    const tlsProblem = (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .tlsProblemOf */ .KW)(tlsCode, inner !== undefined ? (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(inner) : message);
    if (!proxy)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(message, { sent: false, code: tlsCode, tlsProblem, cause: error });
    const object = error !== null && typeof error === 'object' ? error : undefined;
    if ((object && proxyConnectErrors.has(object)) || (PROXY_CONNECT_CODES.has(code ?? '') && code !== 'UND_ERR_CONNECT_TIMEOUT')) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`could not connect to ${proxy}: ${message}`, { sent: false, code, cause: error });
    }
    if (code === 'UND_ERR_ABORTED' && /proxy response/i.test(message)) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`${proxy} refused the tunnel to ${url.host}: ${message}; nothing was sent`, {
            sent: false,
            code,
            cause: error
        });
    }
    if (url.protocol === 'https:' && (tlsProblem !== undefined || _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .NOT_SENT_CODES */ .my.has(tlsCode ?? ''))) {
        // The proxy's own TCP connection worked (its failures are caught above): what failed is the target.
        const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'did not finish in time' : 'failed';
        return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`${proxy} opened the tunnel, but the TLS handshake with ${url.host} ${what}: ${inner !== undefined ? (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .describeNetworkError */ .gl)(inner) : message}`, { sent: false, code: tlsCode, tlsProblem, cause: error });
    }
    return new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(`the connection to ${url.host} through ${proxy} broke before the request was sent: ${message}`, {
        sent: false,
        code,
        cause: error
    });
}
/** The transport for runners behind a proxy; errors name the proxy and the variable it came from. */
function proxyTransport(env = process.env) {
    const unusable = unusableProxy(env);
    if (unusable) {
        // undici refuses such a URL when the agent is made, with a message that names neither.
        return async () => {
            throw new _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX(unusable, { sent: false, code: 'EPROXYURL' });
        };
    }
    return recovering(() => new EnvProxyRouter(env), (url) => (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyInUse */ .LI)(url, env));
}
/** Why a proxy variable undici would read cannot be used, or undefined when all are usable. */
function unusableProxy(env) {
    for (const names of [
        ['http_proxy', 'HTTP_PROXY'],
        ['https_proxy', 'HTTPS_PROXY']
    ]) {
        const name = names.find((n) => env[n] !== undefined);
        const value = name !== undefined ? (env[name] ?? '') : '';
        if (name === undefined || value === '')
            continue;
        let protocol = '';
        try {
            protocol = new URL(value).protocol;
        }
        catch {
            // Not a URL at all: reported below.
        }
        if (protocol !== 'http:' && protocol !== 'https:') {
            return `the proxy ${shownProxy(value)} (from ${name}) is not a usable proxy URL: it must start with http:// or https:// (for example http://proxy.example:3128); nothing was sent`;
        }
    }
    return undefined;
}
/** A proxy URL without a scheme, for messages: only the host part after any credentials. */
function shownProxy(value) {
    const at = value.lastIndexOf('@');
    if (at === -1)
        return (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .withoutCredentials */ .ri)(value);
    const host = value.slice(at + 1);
    return /^(localhost|[\w-]+(\.[\w-]+)+|\[[\da-f:]+\])(:\d+)?\/?$/i.test(host) ? host : (0,_transport_js__WEBPACK_IMPORTED_MODULE_3__/* .withoutCredentials */ .ri)(value);
}
/**
 * A transport that replaces its dispatcher after a request that timed out or never got a
 * connection: undici keeps such a request queued and keeps reconnecting for it (to a proxy
 * that drops every tunnel, thousands of times a second) after the step has given up on it.
 */
function recovering(create, proxy) {
    let dispatcher = create();
    async function send(request, read = (0,_read_answer_js__WEBPACK_IMPORTED_MODULE_2__/* .bufferedText */ .PF)()) {
        try {
            return await undiciTransport(dispatcher, proxy)(request, read);
        }
        catch (error) {
            if (error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_3__/* .TransportError */ .wX && (error.timedOut || (!error.sent && !error.aborted))) {
                const stuck = dispatcher;
                dispatcher = create();
                await stuck.destroy().catch(() => undefined);
            }
            throw error;
        }
    }
    return send;
}


/***/ })

};
