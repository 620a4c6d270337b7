export const id = 599;
export const ids = [599];
export const modules = {

/***/ 8599:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   proxyTransport: () => (/* binding */ proxyTransport)
/* harmony export */ });
/* unused harmony export undiciTransport */
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3149);
/**
 * A transport over an undici Dispatcher. The action uses it behind a proxy
 * (EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY); unit tests use
 * it with a MockAgent. Loaded on demand: undici costs ~120 ms at start.
 */


const MAX_BODY_BYTES = 1 << 20;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
function undiciTransport(dispatcher) {
    return async (request) => {
        let response;
        try {
            response = await (0,undici__WEBPACK_IMPORTED_MODULE_0__/* .request */ .Em)(request.url, {
                method: 'GET',
                headers: request.headers,
                dispatcher,
                headersTimeout: request.timeoutMs,
                bodyTimeout: request.timeoutMs,
                signal: request.signal
            });
        }
        catch (error) {
            throw toTransportError(error, request.signal);
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
function toTransportError(error, signal) {
    const code = codeOf(error);
    if (signal?.aborted)
        return new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .TransportError */ .wX('request aborted', { sent: true, aborted: true, cause: error });
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
    return undiciTransport(new undici__WEBPACK_IMPORTED_MODULE_0__/* .EnvHttpProxyAgent */ .J2());
}


/***/ })

};
