import { invalidPatch } from './patch-error.js';

/**
 * Splits an RFC 6901 JSON pointer into its reference tokens. "" is the whole document;
 * "~1" stands for "/" and "~0" for "~" (decoded in that order, so "~01" is "~1").
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalidPatch(`JSON pointer "${pointer}" must be empty or start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) throw invalidPatch(`JSON pointer "${pointer}" has an invalid "~" escape`);
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Encodes tokens back into a pointer (for messages). */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The array index a token names, or undefined when it is not a valid index:
 * digits without a leading zero (RFC 6901 section 4), at most `max`.
 */
export function arrayIndexOf(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index <= max ? index : undefined;
}
