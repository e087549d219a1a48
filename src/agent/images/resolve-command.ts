/**
 * The argv a container runs, with Kubernetes semantics
 * (https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/):
 *
 * | command | args | runs                      |
 * |---------|------|---------------------------|
 * | -       | -    | image ENTRYPOINT + CMD     |
 * | -       | yes  | image ENTRYPOINT + args    |
 * | yes     | -    | command (CMD ignored)      |
 * | yes     | yes  | command + args             |
 *
 * An empty list counts as not given (the API cannot tell `[]` from absent). `$(VAR)` in command and
 * args is expanded from the container's environment; the image's ENTRYPOINT and CMD are not.
 */
import { expandVars, lookupIn } from './expand-vars.js';
import type { HostImage } from './types.js';

export interface CommandSpec {
  command?: readonly string[] | undefined;
  args?: readonly string[] | undefined;
}

export type ResolvedCommand =
  | { ok: true; argv: string[] }
  | { ok: false; reason: 'CreateContainerError'; message: string };

export function resolveCommand(
  container: CommandSpec,
  image: Pick<HostImage, 'name' | 'entrypoint' | 'cmd'>,
  env: Readonly<Record<string, string>> = {},
): ResolvedCommand {
  const lookup = lookupIn(env);
  const expand = (list: readonly string[] | undefined): string[] | undefined =>
    list && list.length > 0 ? list.map((s) => expandVars(s, lookup)) : undefined;
  const command = expand(container.command);
  const args = expand(container.args);
  const argv = command
    ? [...command, ...(args ?? [])]
    : [...image.entrypoint, ...(args ?? image.cmd)];
  if (argv.length === 0) {
    return { ok: false, reason: 'CreateContainerError', message: `no command specified: image "${image.name}" has no ENTRYPOINT or CMD and the container gives no command` };
  }
  return { ok: true, argv };
}

/** The environment a process starts with: image ENV defaults, overridden by the container's. */
export function mergeImageEnv(image: Pick<HostImage, 'env'>, containerEnv: Readonly<Record<string, string>>): Record<string, string> {
  return { ...image.env, ...containerEnv };
}
