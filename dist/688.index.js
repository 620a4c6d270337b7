export const id = 688;
export const ids = [688];
export const modules = {

/***/ 4688:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   proxyTransport: () => (/* binding */ proxyTransport)
/* harmony export */ });
/* unused harmony exports undiciTransport, recovering */
/* harmony import */ var node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3053);
/* harmony import */ var node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9181);
/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy
 * (EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY); unit tests use
 * it with a MockAgent. Loaded on demand: undici costs ~120 ms at start.
 */



const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Connection-level failures that, behind a proxy, can only be about reaching the proxy. */
const PROXY_CONNECT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EAI_FAIL',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EADDRNOTAVAIL',
    'UND_ERR_CONNECT_TIMEOUT'
]);
/**
 * Errors undici raised while connecting (TCP, proxy tunnel, TLS handshake), before any
 * request was written: undici publishes each on this channel, and rejects the waiting
 * requests with the same object.
 */
const connectErrors = new WeakSet();
(0,node_diagnostics_channel__WEBPACK_IMPORTED_MODULE_0__.subscribe)('undici:client:connectError', (message) => {
    const error = message.error;
    if (error !== null && typeof error === 'object')
        connectErrors.add(error);
});
function undiciTransport(dispatcher, proxy) {
    return async (request) => {
        const deadline = AbortSignal.timeout(request.timeoutMs);
        const via = proxy?.(request.url);
        let response;
        try {
            response = await Promise.race([
                (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .request */ .Em)(request.url, {
                    method: 'GET',
                    headers: request.headers,
                    dispatcher,
                    headersTimeout: request.timeoutMs,
                    bodyTimeout: request.timeoutMs,
                    // An overall deadline: a proxy that keeps dropping the tunnel makes the agent
                    // reconnect forever, and no per-phase timeout ends that.
                    signal: signal(request.signal, deadline)
                }),
                expired(deadline)
            ]);
        }
        catch (error) {
            throw toTransportError(error, request.signal, deadline, via);
        }
        const headers = {};
        for (const [name, value] of Object.entries(response.headers)) {
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const declared = (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .declaredTooLarge */ .CL)(headers['content-length']);
        if (declared) {
            response.body.destroy();
            throw (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .tooLargeError */ .SH)(declared);
        }
        let body;
        try {
            body = await readCapped(response.body);
        }
        catch (error) {
            if (error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX)
                throw error;
            // The answer had started: the request was certainly received.
            throw new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX((0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .describeNetworkError */ .gl)(error), { sent: true, code: codeOf(error), cause: error });
        }
        return { status: response.statusCode, statusText: '', headers, body: body.toString('utf8') };
    };
}
/** The body, read while it stays within MAX_BODY_BYTES; a larger one is dropped unread. */
async function readCapped(body) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_BODY_BYTES */ .YK) {
            body.destroy();
            throw (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .tooLargeError */ .SH)(`more than ${_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_BODY_BYTES */ .YK} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
function codeOf(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : undefined;
}
/** Rejects at the deadline even when the dispatcher ignores the abort (a reconnect loop). */
function expired(deadline) {
    return new Promise((_, reject) => deadline.addEventListener('abort', () => reject(deadline.reason), { once: true }));
}
function signal(cancel, deadline) {
    return cancel ? AbortSignal.any([cancel, deadline]) : deadline;
}
function toTransportError(error, cancel, deadline, via) {
    const code = codeOf(error);
    const through = via ? ` (through the proxy ${via.shown}, from ${via.variable})` : '';
    if (cancel?.aborted)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX('request aborted', { sent: true, aborted: true, cause: error });
    if (deadline.aborted)
        return new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX(`no answer in time${through}`, { sent: true, timedOut: true, code: 'ETIMEDOUT', cause: error });
    const message = (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .describeNetworkError */ .gl)(error);
    // The proxy refused the tunnel: nothing reached Clanforge.
    if (code === 'UND_ERR_ABORTED' && /proxy response/i.test(message)) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX(`${message}${through}`, { sent: false, code, cause: error });
    }
    // A TLS failure with the proxy wraps the original error.
    const inner = code === 'UND_ERR_PRX_TLS' ? error.cause : undefined;
    const tlsCode = codeOf(inner) ?? code;
    const tlsProblem = (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .tlsProblemOf */ .KW)(tlsCode, inner !== undefined ? (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .describeNetworkError */ .gl)(inner) : message);
    if (via && PROXY_CONNECT_CODES.has(code ?? '')) {
        return new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX(`could not connect to the proxy ${via.shown} (from ${via.variable}): ${message}`, {
            sent: false,
            code,
            cause: error
        });
    }
    // undici does not say whether bytes left; a failure while connecting proves they did not.
    const beforeSending = (error !== null && typeof error === 'object' && connectErrors.has(error)) ||
        _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .NOT_SENT_CODES */ .my.has(tlsCode ?? '') ||
        tlsProblem !== undefined;
    return new _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX(`${message}${through}`, {
        sent: !beforeSending,
        code: tlsCode,
        timedOut: TIMEOUT_CODES.has(code ?? ''),
        tlsProblem,
        cause: error
    });
}
/** The transport for runners behind a proxy; errors name the proxy and the variable it came from. */
function proxyTransport(env = process.env) {
    return recovering(() => new undici__WEBPACK_IMPORTED_MODULE_1__/* .EnvHttpProxyAgent */ .J2(), (url) => (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .proxyInUse */ .LI)(url, env));
}
/**
 * A transport that replaces its dispatcher after a timed-out request: a dispatcher
 * stuck reconnecting to a proxy that drops every tunnel would otherwise keep
 * spinning, and keep the process alive, after the step has given up on it.
 */
function recovering(create, proxy) {
    let dispatcher = create();
    return async (request) => {
        try {
            return await undiciTransport(dispatcher, proxy)(request);
        }
        catch (error) {
            if (error instanceof _transport_js__WEBPACK_IMPORTED_MODULE_2__/* .TransportError */ .wX && error.timedOut) {
                const stuck = dispatcher;
                dispatcher = create();
                await stuck.destroy().catch(() => undefined);
            }
            throw error;
        }
    };
}


/***/ })

};
