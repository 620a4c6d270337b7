export const id = 599;
export const ids = [599];
export const modules = {

/***/ 8599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   proxyTransport: () => (/* binding */ proxyTransport)
/* harmony export */ });
/* unused harmony exports undiciTransport, recovering */
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6803);
/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy
 * (EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY); unit tests use
 * it with a MockAgent. Loaded on demand: undici costs ~120 ms at start.
 */


const MAX_BODY_BYTES = 1 << 20;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
function undiciTransport(dispatcher) {
    return async (request) => {
        const deadline = AbortSignal.timeout(request.timeoutMs);
        let response;
        try {
            response = await Promise.race([(0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(request.url, {
                    method: 'GET',
                    headers: request.headers,
                    dispatcher,
                    headersTimeout: request.timeoutMs,
                    bodyTimeout: request.timeoutMs,
                    // An overall deadline: a proxy that keeps dropping the tunnel makes the agent
                    // reconnect forever, and no per-phase timeout ends that.
                    signal: signal(request.signal, deadline)
                }), expired(deadline)]);
        }
        catch (error) {
            throw toTransportError(error, request.signal, deadline);
        }
        try {
            const bytes = Buffer.from(await response.body.arrayBuffer());
            const headers = {};
            for (const [name, value] of Object.entries(response.headers)) {
                headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
            return {
                status: response.statusCode,
                statusText: '',
                headers,
                body: bytes.subarray(0, MAX_BODY_BYTES).toString('utf8')
            };
        }
        catch (error) {
            // The answer had started: the request was certainly received.
            throw new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)(error), { sent: true, code: codeOf(error), cause: error });
        }
    };
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
function toTransportError(error, cancel, deadline) {
    const code = codeOf(error);
    if (cancel?.aborted)
        return new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX('request aborted', { sent: true, aborted: true, cause: error });
    if (deadline.aborted)
        return new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX('no answer in time', { sent: true, timedOut: true, code: 'ETIMEDOUT', cause: error });
    // The proxy refused the tunnel: nothing reached Clanforge.
    if (code === 'UND_ERR_ABORTED' && /proxy response/i.test((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)(error))) {
        return new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)(error), { sent: false, code, cause: error });
    }
    // undici does not say whether bytes left; only a failed connection proves they did not.
    return new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX((0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .describeNetworkError */ .gl)(error), {
        sent: !_http_js__WEBPACK_IMPORTED_MODULE_1__/* .NOT_SENT_CODES */ .my.has(code ?? ''),
        code,
        timedOut: TIMEOUT_CODES.has(code ?? ''),
        cause: error
    });
}
/** The transport for runners behind a proxy. */
function proxyTransport() {
    return recovering(() => new undici__WEBPACK_IMPORTED_MODULE_0__/* .EnvHttpProxyAgent */ .J2());
}
/**
 * A transport that replaces its dispatcher after a timed-out request: a dispatcher
 * stuck reconnecting to a proxy that drops every tunnel would otherwise keep
 * spinning, and keep the process alive, after the step has given up on it.
 */
function recovering(create) {
    let dispatcher = create();
    return async (request) => {
        try {
            return await undiciTransport(dispatcher)(request);
        }
        catch (error) {
            if (error instanceof _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX && error.timedOut) {
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
