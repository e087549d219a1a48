/**
 * Shell lines that append `requirepass` and `masterauth` to a config file from $REDIS_PASSWORD, so the
 * password reaches redis-server through a 0600 file, never its command line (`ps` shows that). The
 * password is escaped for Redis' quoted strings; printf, not echo: dash's echo would interpret the
 * backslashes.
 */
export function authConfLines(confVar: string): string[] {
  return [
    'PASS=$(printf %s "$REDIS_PASSWORD" | sed \'s/\\\\/\\\\\\\\/g; s/"/\\\\"/g\')',
    `printf 'requirepass "%s"\\nmasterauth "%s"\\n' "$PASS" "$PASS" >> "${confVar}"`,
  ];
}
