import type { LoggerOptions } from 'pino';

/**
 * Logs never hold passwords, tokens, cookies or form bodies (which may be survey answers):
 * request bodies are never logged, and credentials are redacted wherever they appear.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.email',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Query strings can carry resume codes or personal links: log the path only. A response key in
      // the path is a respondent's secret, and in an anonymous survey logging it would let log lines
      // link a respondent's requests: it is masked, and so is a personal link's token (/p/TOKEN),
      // which names a participant.
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0]!.replace(/^\/r\/[^/]+/, '/r/[key]').replace(/^\/p\/[^/]+/, '/p/[token]'),
        id: req.id,
      }),
    },
  };
}
