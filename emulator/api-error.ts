// The API's error shape. No schema is documented; this is what public client code has
// seen: {"success":false,"error":true,"error_code":1,"error_message":"...","messages":[],"_debug":[]}.

/** error_code values the emulator uses; the real codes are undocumented. */
export const ERROR_CODES = {
  request: 1,
  forbidden: 2,
  notFound: 3,
  methodNotAllowed: 4,
  internal: 5
} as const;

export interface ErrorBody {
  success: false;
  error: true;
  error_code: number;
  error_message: string;
  messages: unknown[];
  _debug: unknown[];
}

export function errorBody(message: string, code: number): ErrorBody {
  return { success: false, error: true, error_code: code, error_message: message, messages: [], _debug: [] };
}

/** Thrown by the request pipeline; becomes an error body with this HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, code: number, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message, ERROR_CODES.request);
export const forbidden = (status: 401 | 403): ApiError => new ApiError(status, 'Forbidden', ERROR_CODES.forbidden);
export const notFound = (message: string): ApiError => new ApiError(404, message, ERROR_CODES.notFound);
