import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { emptyTranscript, readCodexLine, type CodexTranscript } from './codex-events';

export interface CodexInvocation {
  argv: string[];
  cwd: string;
  /** The child's whole environment: an allow-list, never the runner's own secrets. */
  env: Record<string, string | undefined>;
  prompt: string;
  timeoutMs: number;
  isCancelled: () => boolean | Promise<boolean>;
}

export interface CodexResult extends CodexTranscript {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The end of stderr, for error messages. */
  stderrTail: string;
}

const STDERR_TAIL = 4000;
const CANCEL_POLL_MS = 500;
const KILL_GRACE_MS = 5000;

/** Runs Codex once: prompt on stdin, JSON-lines events read from stdout as they come. */
export function runCodex(inv: CodexInvocation): Promise<CodexResult> {
  return new Promise((resolve) => {
    const transcript = emptyTranscript();
    let stderrTail = '';
    let timedOut = false;
    let cancelled = false;
    let lineNo = 0;
    // Its own process group, so a stop reaches the commands Codex started too (a shell tool's `sleep 600` must not outlive a cancel).
    const child = spawn(inv.argv[0], inv.argv.slice(1), { cwd: inv.cwd, env: inv.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    const stop = () => {
      signalGroup('SIGTERM');
      setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, inv.timeoutMs);
    const pollCancelled = async () => {
      if (!cancelled && (await inv.isCancelled())) {
        cancelled = true;
        stop();
      }
    };
    // A check that fails is not a cancellation (and must not become an
    // unhandled rejection): the next poll asks again.
    const poll = setInterval(() => {
      pollCancelled().catch(() => {});
    }, CANCEL_POLL_MS);
    createInterface({ input: child.stdout }).on('line', (line) => readCodexLine(transcript, line, ++lineNo));
    child.stderr.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString()).slice(-STDERR_TAIL);
    });
    // Codex waits for stdin to close before it starts.
    child.stdin.on('error', () => {});
    child.stdin.end(inv.prompt);
    let settled = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ ...transcript, exitCode, signal, timedOut, cancelled, stderrTail });
    };
    child.on('error', (err) => {
      stderrTail += `\ncould not start ${inv.argv[0]}: ${err.message}`;
      finish(null, null);
    });
    // Codex is gone: so is whatever it left running (which would otherwise hold its stdout open, and 'close' back).
    child.on('exit', () => signalGroup('SIGKILL'));
    // 'close', not 'exit': stdout is fully read by then.
    child.on('close', (code, signal) => {
      // Whatever Codex left running in its group ends with it.
      signalGroup('SIGKILL');
      finish(code, signal);
    });
  });
}
