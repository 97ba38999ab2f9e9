import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * Errors raised before a procedure runs (rate limit, body size, malformed
 * JSON, unknown route) answer in the same shape as the procedures' own:
 * under /trpc the tRPC error envelope the typed client reads, everywhere
 * else the REST shape `{ message, code, data: { code, httpStatus } }`.
 */
export function sendError(
  req: Request,
  res: Response,
  httpStatus: number,
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  extra: { errorId?: string } = {},
) {
  const data = { code, httpStatus, path: null, fieldErrors: null, ...extra };
  const isTrpc = /^\/trpc(\/|\?|$)/.test(req.originalUrl);
  res
    .status(httpStatus)
    .type('application/json')
    .json(
      isTrpc
        ? { error: { json: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data } } }
        : { message, code, data },
    );
}

/** What body-parser and Express report, mapped to the API's error codes; never a stack or a path. */
const known: Record<string, [number, TRPC_ERROR_CODE_KEY, string]> = {
  'entity.too.large': [
    413,
    'PAYLOAD_TOO_LARGE',
    'the request body is larger than this API accepts',
  ],
  'entity.parse.failed': [400, 'PARSE_ERROR', 'the request body is not valid JSON'],
  'encoding.unsupported': [
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'the request body has an unsupported encoding',
  ],
  'charset.unsupported': [
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'the request body has an unsupported charset',
  ],
  'request.aborted': [400, 'BAD_REQUEST', 'the request was aborted before its body arrived'],
  'request.size.invalid': [
    400,
    'BAD_REQUEST',
    'the request body is shorter than its Content-Length',
  ],
};

/** The last handler: whatever went wrong becomes a JSON error; the unexpected is logged with an id. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const type = (err as { type?: unknown } | null)?.type;
    const mapped = typeof type === 'string' ? known[type] : undefined;
    if (mapped) {
      sendError(req, res, mapped[0], mapped[1], mapped[2]);
      return;
    }
    const errorId = crypto.randomUUID();
    log.error({ err, errorId, url: req.originalUrl }, 'request failed');
    sendError(req, res, 500, 'INTERNAL_SERVER_ERROR', `internal error (reference ${errorId})`, {
      errorId,
    });
  };
}
