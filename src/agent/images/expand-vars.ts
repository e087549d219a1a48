/**
 * `$(VAR)` expansion exactly as Kubernetes does it (third_party/forked/golang/expansion): `$(NAME)`
 * becomes the variable's value; an unknown `$(NAME)` stays as written; `$$` becomes `$`; a `$` that
 * starts neither stays as written (`$1` stays `$1`, `$(` without `)` stays). Shell syntax such as
 * `${VAR}` is not touched: that is the shell's business.
 */

export type VarLookup = (name: string) => string | undefined;

export function expandVars(input: string, lookup: VarLookup): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') {
      out += '$';
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close < 0) {
        out += '$(';
      } else {
        const name = input.slice(cursor + 2, close);
        out += lookup(name) ?? `$(${name})`;
        advance = close - cursor;
      }
    } else {
      out += `$${next ?? ''}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** A lookup over maps, first match wins (the kubelet's MappingFuncFor). */
export function lookupIn(...maps: ReadonlyArray<Readonly<Record<string, string>>>): VarLookup {
  return (name) => {
    for (const m of maps) {
      if (Object.prototype.hasOwnProperty.call(m, name)) return m[name];
    }
    return undefined;
  };
}

export interface EnvVarLike {
  name: string;
  value?: string;
}

/**
 * The container's environment as the kubelet builds it: in order, each literal `value` expanded
 * against the variables defined before it (then `extra`, e.g. Service variables); a variable with
 * no literal value takes `resolved[name]` (a valueFrom result, which is never expanded) or ''.
 * Later definitions of a name win.
 */
export function expandEnv(
  vars: readonly EnvVarLike[],
  resolved: Readonly<Record<string, string>> = {},
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  const lookup = lookupIn(env, extra);
  for (const v of vars) {
    env[v.name] = v.value !== undefined && v.value !== '' ? expandVars(v.value, lookup) : (resolved[v.name] ?? '');
  }
  return env;
}
