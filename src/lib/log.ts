import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs (pino JSON on stderr). Anything that could hold a secret is redacted by path:
 * Secret data, tokens, passwords and Authorization headers never reach a log line.
 */
export const redactPaths = [
  'data', 'stringData', '*.data', '*.stringData', '*.*.data', '*.*.stringData',
  'token', '*.token', 'password', '*.password', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization',
];

export type { Logger };

export function createLogger(options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env['ORDINAL_LOG_LEVEL'] ?? 'info';
  return pino(
    { level, name: options.name ?? 'ordinal', redact: { paths: redactPaths, censor: '[REDACTED]' }, base: { pid: process.pid } },
    (options.destination ?? process.stderr) as DestinationStream,
  );
}

/** A logger that drops everything, for units and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
