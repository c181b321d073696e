"""A throw-away mail system on loopback for the milter tests: a private Postfix instance
(own config, queue and data directories, unusual ports), redact-milter processes, and a small
asyncio SMTP sink that writes every message Postfix relays to it into a Maildir.

Everything is started by the test and stopped at its end; nothing is left running.
"""
import asyncio
import ctypes
import json
import mailbox
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

POSTFIX = "/usr/sbin/postfix"
POSTQUEUE = "/usr/sbin/postqueue"
POSTCAT = "/usr/sbin/postcat"


def install_watchdog(seconds):
    """Turns SIGTERM and a deadline of our own (below ctest's TIMEOUT) into exceptions, so the
    callers' finally blocks stop Postfix and the milters even when the run hangs."""
    def expire(signum, frame):
        raise TimeoutError(f"mail test watchdog: over {seconds} s")

    def terminate(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGALRM, expire)
    signal.signal(signal.SIGTERM, terminate)
    signal.alarm(seconds)


def _die_with_parent():
    # A milter must not outlive the test process, even when that one is killed.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=60, proc=None):
    end = time.time() + seconds
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before port {port} opened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open in {seconds} s")


class SmtpSink:
    """Minimal SMTP server (no PIPELINING, 8BITMIME) storing each message in a Maildir,
    with the envelope recipients in an X-Sink-Rcpt header on top."""

    def __init__(self, maildir):
        self.maildir = maildir
        self.box = mailbox.Maildir(maildir, create=True)
        self.port = free_port()
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("SMTP sink did not start")
        return self

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._session, "127.0.0.1", self.port))
        self.ready.set()
        self.loop.run_forever()

    async def _session(self, reader, writer):
        def send(line):
            writer.write(line.encode() + b"\r\n")
        send("220 sink ESMTP")
        rcpts = []
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    break
                cmd = raw.decode("latin-1").strip()
                verb = cmd[:4].upper()
                if verb in ("EHLO",):
                    send("250-sink")
                    send("250-8BITMIME")
                    send("250 SIZE 104857600")
                elif verb == "HELO":
                    send("250 sink")
                elif verb == "MAIL":
                    rcpts = []
                    send("250 ok")
                elif verb == "RCPT":
                    rcpts.append(cmd.split(":", 1)[1].strip().split()[0].strip("<>"))
                    send("250 ok")
                elif verb == "DATA":
                    send("354 go ahead")
                    await writer.drain()
                    lines = []
                    while True:
                        line = await reader.readline()
                        if not line:
                            return
                        if line in (b".\r\n", b".\n"):
                            break
                        if line.startswith(b".."):
                            line = line[1:]
                        lines.append(line)
                    data = b"X-Sink-Rcpt: " + ",".join(rcpts).encode() + b"\r\n" + b"".join(lines)
                    with self.lock:
                        self.box.add(data)
                    send("250 stored")
                elif verb == "RSET":
                    rcpts = []
                    send("250 ok")
                elif verb == "NOOP":
                    send("250 ok")
                elif verb == "QUIT":
                    send("221 bye")
                    await writer.drain()
                    break
                else:
                    send("502 not implemented")
                await writer.drain()
        finally:
            writer.close()

    def messages(self):
        with self.lock:
            box = mailbox.Maildir(self.maildir, create=False)
            return [box.get_bytes(k) for k in box.keys()]

    def stop(self):
        def shutdown():
            self.server.close()
            self.loop.stop()
        self.loop.call_soon_threadsafe(shutdown)
        self.thread.join(10)


MASTER_CF_SERVICES = """\
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class Postfix:
    """A private Postfix instance. listeners: {name: (smtpd_port, milter_port or None)}; every
    listener gets its own smtpd with its own smtpd_milters; mail is relayed to relay_port.
    stop() stops it, copies its log to keep_log and removes its directories."""

    def __init__(self, listeners, relay_port, keep_log=None):
        # Postfix drops to the postfix user, which must reach its directories: they live in
        # a fresh 0755 directory under /tmp (the build tree may sit below a private home).
        self.root = tempfile.mkdtemp(prefix="redact-postfix-")
        os.chmod(self.root, 0o755)
        self.conf = os.path.join(self.root, "etc")
        self.queue = os.path.join(self.root, "queue")
        self.data = os.path.join(self.root, "data")
        self.maillog = os.path.join(self.root, "maillog")
        self.keep_log = keep_log
        self.listeners = listeners
        self.relay_port = relay_port
        self.started = False

    def write_config(self):
        for d in (self.conf, self.queue, self.data):
            os.makedirs(d, exist_ok=True)
        shutil.chown(self.data, "postfix", "postfix")
        main = f"""\
compatibility_level = 3.6
config_directory = {self.conf}
queue_directory = {self.queue}
data_directory = {self.data}
maillog_file = {self.maillog}
maillog_file_prefixes = {self.root}
mail_owner = postfix
setgid_group = postdrop
myhostname = mailtest.invalid
mydomain = invalid
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:{self.relay_port}
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =
biff = no
message_size_limit = 52428800
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
smtp_destination_concurrency_limit = 20
default_destination_concurrency_limit = 20
milter_protocol = 6
milter_default_action = tempfail
milter_content_timeout = 300s
smtpd_milters =
"""
        master = ""
        for name, (port, milter_port) in self.listeners.items():
            milter = f"inet:127.0.0.1:{milter_port}" if milter_port else ""
            master += (f"127.0.0.1:{port} inet n - n - 60 smtpd -o syslog_name=postfix/{name}"
                       f" -o smtpd_milters={milter}\n")
        master += MASTER_CF_SERVICES
        open(os.path.join(self.conf, "main.cf"), "w").write(main)
        open(os.path.join(self.conf, "master.cf"), "w").write(master)

    def start(self):
        self.write_config()
        self.started = True  # from here on stop() must run "postfix stop", even if start fails
        r = subprocess.run([POSTFIX, "-c", self.conf, "start"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("postfix start failed: " + r.stderr + r.stdout)
        for port, _ in self.listeners.values():
            wait_port(port, 30)
        return self

    def stop(self):
        if self.started:
            subprocess.run([POSTFIX, "-c", self.conf, "stop"], capture_output=True)
            # master waits for its children; give it a moment, then make sure it is gone.
            pid_file = os.path.join(self.queue, "pid", "master.pid")
            for _ in range(50):
                if not os.path.exists(pid_file):
                    break
                try:
                    pid = int(open(pid_file).read().strip())
                    os.kill(pid, 0)
                except (OSError, ValueError):
                    break
                time.sleep(0.1)
            self.started = False
        if self.keep_log and os.path.exists(self.maillog):
            shutil.copyfile(self.maillog, self.keep_log)
        shutil.rmtree(self.root, ignore_errors=True)

    def queue_entries(self):
        r = subprocess.run([POSTQUEUE, "-c", self.conf, "-j"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("postqueue -j failed: " + r.stderr)
        return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]

    def queued_message(self, queue_id):
        """Headers and body of a queued message (postcat -h -b), as bytes."""
        r = subprocess.run([POSTCAT, "-c", self.conf, "-h", "-b", "-q", queue_id],
                           capture_output=True)
        return r.stdout


class Milter:
    def __init__(self, binary, config_path, log_path):
        self.binary, self.config_path, self.log_path = binary, config_path, log_path
        self.proc = None

    def start(self, port, data_dir):
        env = dict(os.environ, REDACT_DATA_DIR=data_dir)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.binary, "--config", self.config_path],
                                     stdout=self.log, stderr=self.log, env=env,
                                     preexec_fn=_die_with_parent)
        wait_port(port, 120, self.proc)
        return self

    def peak_rss_mb(self):
        """The milter's peak resident memory so far (VmHWM), in MB; None when not running."""
        try:
            for line in open(f"/proc/{self.proc.pid}/status"):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AttributeError):
            return None
        return None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.log.close()


def write_milter_config(path, port, **overrides):
    cfg = {
        "listen": f"inet:{port}@127.0.0.1",
        "log": "stderr",
        "max_concurrent_redactions": 2,
        "message_timeout_seconds": 60,
        "sender_networks": ["127.0.0.1/32"],
        "routes": [
            {"recipient_domains": ["internal.shinonome.lg.jp"], "action": "pass"},
            {"recipient_domains": ["*"], "action": "redact", "on_failure": "hold"},
        ],
    }
    cfg.update(overrides)
    with open(path, "w") as f:
        json.dump(cfg, f, indent=1)
    return path


def swaks(port, eml_path, to="clerk@other-city.lg.jp", sender="kaiji@shinonome.lg.jp",
          local_addr=None, timeout=300):
    """Sends one message with swaks; returns (exit code, SMTP transcript)."""
    cmd = ["swaks", "--server", f"127.0.0.1:{port}", "--from", sender, "--to", to,
           "--data", "-", "--timeout", str(timeout), "--hide-informational"]
    if local_addr:
        cmd += ["--local-interface", local_addr]
    with open(eml_path, "rb") as data:
        r = subprocess.run(cmd, stdin=data, capture_output=True, timeout=timeout + 30)
    return r.returncode, (r.stdout + r.stderr).decode("utf-8", "replace")
