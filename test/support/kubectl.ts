// Runs the real kubectl (Debian's 1.32) against a test server, asynchronously.
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number;
  out: string;
  err: string;
}

export function kubectlFor(kubeconfigPath: string, home: string) {
  const run = (args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> =>
    new Promise((resolve, reject) => {
      const child = spawn('kubectl', ['--kubeconfig', kubeconfigPath, ...args], { env: { ...process.env, HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, out, err });
      });
      child.stdin.end(options.input ?? '');
    });
  return {
    run,
    /** Runs kubectl and fails with its stderr unless it exits 0; returns stdout. */
    async ok(...args: string[]): Promise<string> {
      const r = await run(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.err}${r.out}`);
      return r.out;
    },
  };
}
