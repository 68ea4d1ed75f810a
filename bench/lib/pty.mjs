// The pseudo-terminal driver every terminal benchmark uses: a small python3 helper (its
// pty module; no node-pty needed) that runs one program at a fixed size, time-stamps its
// output and plays a plan of steps:
//   { op: 'wait', text, name?, timeout?, capture? }
//        mark the time `text` first shows (ANSI stripped); with capture, then read until the
//        output is quiet and keep everything written since the spawn (captured[name])
//   { op: 'send', data, quiet? }             let the output settle (quiet: 0 = not at all), then type `data`
//   { op: 'settle', quiet? }                 read until the output is quiet
//   { op: 'measure', name, keys, until?, quiet?, timeout? }
//        for each key: settle, type it, and record [first byte, done, chunks] in ms after
//        the key; done = the last byte before `quiet` s of silence, or, with `until` (one
//        Python regex per key), the chunk after which the frame matches it.
// `marks` are in ms after the spawn (python's fork), `measures` in ms after each key.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './env.mjs';

export const QUIET_S = 0.15; // output silent this long = the frame is complete

const PTY_DRIVER = String.raw`
import codecs, fcntl, json, os, pty, re, select, signal, struct, sys, termios, time
plan = json.load(open(sys.argv[1]))
ANSI = re.compile(r'\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]')
now = time.perf_counter
t_spawn = now()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', plan['rows'], plan['cols'], 0, 0))
    os.chdir(plan['cwd'])
    os.execvpe(plan['argv'][0], plan['argv'], plan['env'])
dec = codecs.getincrementaldecoder('utf-8')('replace')
buf = ''
raw = ''
eof = False
def read(timeout):
    """One chunk of output (time, text), or None after timeout seconds of silence."""
    global buf, raw, eof
    if eof: return None
    r, _, _ = select.select([fd], [], [], timeout)
    if not r: return None
    t = now()
    try: data = os.read(fd, 65536)
    except OSError: data = b''
    if not data:
        eof = True
        return None
    text = dec.decode(data)
    buf += text
    raw += text
    return t, text
def settle(quiet, limit=10.0, trace=None):
    """Reads until quiet; returns the time of the last byte (None if nothing came)."""
    last = None
    end = now() + limit
    while now() < end:
        got = read(quiet)
        if got is None: break
        last = got[0]
        if trace is not None: trace.append(got)
    return last
def screen_tail():
    return ANSI.sub('', buf)[-600:]
def fail(msg):
    print(json.dumps({'error': msg, 'tail': screen_tail()}))
    stop()
    sys.exit(1)
def stop():
    try: os.kill(pid, signal.SIGTERM)
    except ProcessLookupError: pass
    end = now() + 3
    while now() < end and read(0.2) is not None: pass
    for _ in range(30):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done: return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
marks = {}
measures = {}
captured = {}
for step in plan['steps']:
    op = step['op']
    if op == 'wait':
        end = now() + step.get('timeout', 20)
        while True:
            if step['text'] in ANSI.sub('', buf):
                marks[step.get('name', step['text'])] = (now() - t_spawn) * 1000
                break
            left = end - now()
            if left <= 0: fail('timed out waiting for ' + step['text'])
            got = read(left)
            if got is not None and step['text'] in ANSI.sub('', buf):
                marks[step.get('name', step['text'])] = (got[0] - t_spawn) * 1000
                break
            if got is None and eof: fail('the program ended while waiting for ' + step['text'])
        if step.get('capture'):
            # Everything written since the spawn, once the frame is complete (output quiet).
            settle(step.get('quiet', ${QUIET_S}))
            captured[step.get('name', step['text'])] = raw
        buf = ''
    elif op == 'send':
        if step.get('quiet', 0.05) > 0: settle(step.get('quiet', 0.05))
        buf = ''
        os.write(fd, step['data'].encode())
    elif op == 'settle':
        settle(step.get('quiet', ${QUIET_S}))
        buf = ''
    elif op == 'measure':
        out = measures.setdefault(step['name'], [])
        quiet = step.get('quiet', ${QUIET_S})
        for key in step['keys']:
            settle(quiet)
            buf = ''
            t0 = now()
            os.write(fd, key.encode())
            got = read(step.get('timeout', 5))
            if got is None:
                out.append(None)
                continue
            trace = [got]
            until = step.get('until')
            if until:
                # Done when the frame shows the expected result (an async result may
                # come well after the first frame), then drain.
                pattern = re.compile(until[len(out)])
                deadline = t0 + step.get('timeout', 5)
                while not pattern.search(ANSI.sub('', buf)):
                    more = read(max(0.001, deadline - now()))
                    if more is None: break
                    trace.append(more)
                if not pattern.search(ANSI.sub('', buf)):
                    out.append(None)
                    continue
                done = trace[-1][0]
                settle(quiet, trace=trace)
                out.append([(got[0] - t0) * 1000, (done - t0) * 1000, [[round((t - t0) * 1000, 1), len(x)] for t, x in trace]])
                continue
            last = settle(quiet, trace=trace) or got[0]
            # [first byte, last byte, and each chunk's time and size: to see the frames]
            out.append([(got[0] - t0) * 1000, (last - t0) * 1000, [[round((t - t0) * 1000, 1), len(x)] for t, x in trace]])
        buf = ''
stop()
print(json.dumps({'marks': marks, 'measures': measures, 'captured': captured}))
`;

/** Fails early, in one sentence, when python3 or its pty module is missing. */
export function checkPty() {
  try {
    execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' });
  } catch {
    throw new Error('python3 (with its pty module) is needed for the pseudo-terminal');
  }
}

/**
 * Runs `plan` ({ argv, env, steps, cols?, rows?, cwd? }) in a pseudo-terminal (100×30 by
 * default) and returns { marks, measures }. `work` is a scratch folder.
 */
export function drive(work, plan) {
  const driver = path.join(work, 'ptydriver.py');
  writeFileSync(driver, PTY_DRIVER);
  const file = path.join(work, `plan-${process.hrtime.bigint()}.json`);
  writeFileSync(file, JSON.stringify({ cols: 100, rows: 30, cwd: ROOT, ...plan }));
  const res = spawnSync('python3', [driver, file], { encoding: 'utf8', maxBuffer: 16 << 20, timeout: 120_000 });
  let parsed;
  try {
    parsed = JSON.parse(res.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`pty driver failed (${res.status}): ${res.stderr || res.stdout}`);
  }
  if (parsed.error) throw new Error(`${plan.argv.slice(-2).join(' ')}: ${parsed.error}\n--- last output ---\n${parsed.tail}`);
  return parsed;
}
