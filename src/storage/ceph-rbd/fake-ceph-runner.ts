/**
 * FakeCephRunner: a CephRunner for unit tests of the pure logic around Ceph (which commands, in what
 * order, what happens on each answer). Each call is recorded as `rbd import ...` / `ceph osd lspools`
 * (with the user it ran as) and answered by the test's `answer` function: a string is stdout, an
 * Error (e.g. `cephError('rbd: import failed: (17) File exists', 17)`) is thrown.
 */
import { CephCommandError } from './ceph-command-error.js';
import type { CephRunOptions, CephRunner, CephTarget } from './types.js';

export interface FakeCall {
  tool: 'rbd' | 'ceph';
  args: string[];
  user: string;
  monitors: string[];
  /** Whether a key was given (its value is never recorded). */
  hasKey: boolean;
}

export type FakeAnswer = (call: FakeCall) => string | Error | Promise<string | Error>;

export function cephError(message: string, exitCode = 1): CephCommandError {
  return new CephCommandError('fake', message, exitCode);
}

export class FakeCephRunner implements CephRunner {
  readonly calls: FakeCall[] = [];

  constructor(private answer: FakeAnswer = () => '') {}

  answerWith(answer: FakeAnswer): void {
    this.answer = answer;
  }

  /** The calls as `rbd import ... kube/img` lines, without the per-call temp paths. */
  commands(): string[] {
    return this.calls.map((c) => [c.tool, ...c.args.map((a) => (a.includes('/ordinal-rbd-') ? '<stream>' : a))].join(' '));
  }

  rbd(target: CephTarget, args: readonly string[], _options?: CephRunOptions): Promise<string> {
    return this.run('rbd', target, args);
  }

  async rbdJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T> {
    return JSON.parse((await this.rbd(target, [...args, '--format', 'json'], options)) || 'null') as T;
  }

  ceph(target: CephTarget, args: readonly string[], _options?: CephRunOptions): Promise<string> {
    return this.run('ceph', target, args);
  }

  async cephJson<T>(target: CephTarget, args: readonly string[], options?: CephRunOptions): Promise<T> {
    return JSON.parse((await this.ceph(target, [...args, '--format', 'json'], options)) || 'null') as T;
  }

  private async run(tool: 'rbd' | 'ceph', target: CephTarget, args: readonly string[]): Promise<string> {
    const call: FakeCall = { tool, args: [...args], user: target.credentials.user, monitors: [...target.cluster.monitors], hasKey: target.credentials.key !== undefined };
    this.calls.push(call);
    const out = await this.answer(call);
    if (out instanceof Error) throw out;
    return out;
  }
}
