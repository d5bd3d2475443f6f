/**
 * Typed errors thrown by the runtime helpers. Callers branch on the class or on `status`,
 * never on message text (LINE's error messages are not a stable contract).
 */

/** A LINE API endpoint answered with a non-2xx status. */
export class LineApiError extends Error {
  override readonly name: string = 'LineApiError';
  /** HTTP status code of the answer. */
  readonly status: number;
  /** Path of the endpoint that failed, e.g. `/oauth2/v3/token`. */
  readonly endpoint: string;
  /** Raw response body (may be empty); useful for logs, not for control flow. */
  readonly body: string;
  /** `x-line-request-id` of the answer, when LINE sent one (quote it to LINE support). */
  readonly requestId: string | undefined;

  constructor(status: number, endpoint: string, body: string, requestId?: string | null) {
    super(`LINE API ${endpoint} answered HTTP ${status}`);
    this.status = status;
    this.endpoint = endpoint;
    this.body = body;
    this.requestId = requestId ?? undefined;
  }
}

/**
 * The `state` received on the LINE Login callback is missing or differs from the one stored for the
 * session. Treat it as a forged or replayed callback: do not exchange the code.
 */
export class LoginStateMismatchError extends Error {
  override readonly name: string = 'LoginStateMismatchError';
  constructor(message = 'LINE Login state is missing or does not match the one stored for this session') {
    super(message);
  }
}

/** Why an ID token was refused. */
export type IdTokenRejectReason = 'status' | 'aud' | 'iss' | 'nonce' | 'exp' | 'malformed';

/** LINE rejected the ID token, or its verified payload does not belong to this channel/session. */
export class IdTokenVerificationError extends Error {
  override readonly name: string = 'IdTokenVerificationError';
  readonly reason: IdTokenRejectReason;
  /** HTTP status of the verify endpoint when `reason === 'status'`. */
  readonly status: number | undefined;

  constructor(reason: IdTokenRejectReason, message: string, status?: number) {
    super(message);
    this.reason = reason;
    this.status = status;
  }
}

/**
 * A send given up by `sendWithRetry` whose last answer was a non-ok fetch `Response`
 * (thrown errors from SDK clients are rethrown unchanged instead).
 */
export class SendFailedError extends Error {
  override readonly name: string = 'SendFailedError';
  readonly status: number;
  /** The retry key used by every attempt; reuse it within 24 h to retry this same send later. */
  readonly retryKey: string;
  readonly attempts: number;
  readonly response: Response;

  constructor(response: Response, retryKey: string, attempts: number) {
    super(`LINE API answered HTTP ${response.status} after ${attempts} attempt(s)`);
    this.status = response.status;
    this.retryKey = retryKey;
    this.attempts = attempts;
    this.response = response;
  }
}

/** An attempt of `sendWithRetry` did not settle within `timeoutMs`. */
export class AttemptTimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`attempt did not settle within ${timeoutMs} ms`);
  }
}
